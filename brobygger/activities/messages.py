"""What participants are told, by e-mail when they gave one, else by text message.

Each message is in the language the person signed up in, names the activity, its time and
place, and carries the private cancel link only when the token is known (at sign-up, and in the
message to a person signed up again, whose sign-up gets a fresh code; later messages point to
the activity page instead: the token is stored only hashed).

Every message to one person counts against a daily limit per recipient (``core.quota``): text
messages ``SMS_PER_RECIPIENT_PER_DAY``, e-mails ``EMAIL_PER_RECIPIENT_PER_DAY``, so signing one
address up to many activities cannot flood it. A message over the limit is logged, not sent.

Links start with ``SITE_URL``, never with the Host of the request that caused the message. A
subject is one line whatever the title holds (a line break in a header is refused by the mail
library). ``safely`` sends from a request or a loop: a failure is logged and the caller goes on.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from brobygger.activities.models import Activity, SignUp
from brobygger.core import quota, sms
from brobygger.lib.text import single_line

logger = logging.getLogger(__name__)


def site_base(request=None) -> str:
    """The site's address for links in messages: ``SITE_URL``. The request is accepted and
    ignored, so a forged Host header never reaches anyone's inbox."""
    return settings.SITE_URL.rstrip("/")


def safely(message, *args, **kwargs) -> bool:
    """Send one message; a failure (a refused header, an SMTP or gateway error) is logged with
    the sign-up's id, never stops the caller, and counts as not sent."""
    try:
        return bool(message(*args, **kwargs))
    except Exception:
        target = args[0] if args else None
        signup = getattr(target, "signup", target)
        logger.exception("activities: %s not sent (sign-up %s)", message.__name__,
                         getattr(signup, "pk", "?"))  # fmt: skip
        return False


def when(activity: Activity) -> str:
    start = timezone.localtime(activity.starts_at)
    end = timezone.localtime(activity.ends_at)
    day = formats.date_format(start, "l j. F")
    return f"{day} {formats.time_format(start, 'H.i')}–{formats.time_format(end, 'H.i')}"


def where(activity: Activity) -> str:
    if activity.is_online:
        return _("Online")
    parts = [activity.place_name, activity.address]
    if activity.postcode:
        parts.append(activity.postcode)
    return ", ".join(p for p in parts if p)


def activity_url(activity: Activity, base_url: str | None) -> str:
    base = (base_url or site_base()).rstrip("/")
    return base + reverse("activities:detail", args=[activity.pk])


def cancel_url(token: str, base_url: str | None) -> str:
    # the token after '#': never sent to the server in a request line, so never in a log
    base = (base_url or site_base()).rstrip("/")
    return base + reverse("activities:cancel") + "#kode=" + token


def _send(signup: SignUp, subject: str, body: str) -> bool:
    """E-mail when there is an address, else a text message; False when nothing was sent."""
    if signup.anonymised_at is not None:
        return False
    subject = single_line(subject)
    if signup.email:
        limit = settings.EMAIL_PER_RECIPIENT_PER_DAY
        if not quota.take(channel=quota.EMAIL, recipient=signup.email, limit=limit):
            logger.warning("activities: e-mail not sent, the address had today's (sign-up %s)",
                           signup.pk)  # fmt: skip
            return False
        send_mail(subject, body, None, [signup.email])
        return True
    if signup.phone:
        try:
            return bool(sms.send_sms(to=signup.phone, body=f"{subject}\n{body}"))
        except sms.SmsError:
            return False
    return False


def signup_received(result, *, base_url: str | None = None) -> bool:
    signup, activity = result.signup, result.signup.activity
    with translation.override(signup.language):
        if signup.status == SignUp.Status.CONFIRMED:
            subject = _("You are signed up: %(title)s") % {"title": activity.title}
            lead = _("We look forward to seeing you.")
        else:
            subject = _("You are on the waiting list: %(title)s") % {"title": activity.title}
            lead = _(
                "The activity is full. You are number %(position)s on the waiting list; we "
                "will tell you if a place becomes free."
            ) % {"position": result.position}
        lines = [lead, "", f"{activity.title}", when(activity), where(activity)]
        if activity.welcome:
            lines += ["", _("How you are welcomed: %(text)s") % {"text": activity.welcome}]
        if signup.wants_company:
            lines += ["", _("You asked for someone to go with you the first time. We will call.")]
        if result.cancel_token:
            lines += [
                "",
                _("Cannot come after all? Cancel here, so someone else gets the place:"),
                cancel_url(result.cancel_token, base_url),
            ]
        lines += ["", activity_url(activity, base_url)]
        return _send(signup, subject, "\n".join(lines))


def signup_repeated(
    signup: SignUp, *, position: int | None, cancel_token: str, base_url: str | None = None
) -> bool:
    """Someone signed this person up again: the details and a fresh cancel link go to the
    person's own contact (the caller is told only that the sign-up was received). The fresh
    code replaces every earlier one, so a code that whoever signed up first was shown no
    longer works."""
    activity = signup.activity
    with translation.override(signup.language):
        subject = _("Your sign-up: %(title)s") % {"title": activity.title}
        if signup.status == SignUp.Status.CONFIRMED:
            status = _("You are signed up. We look forward to seeing you.")
        else:
            status = _("You are number %(position)s on the waiting list.") % {"position": position}
        lines = [
            _("Someone (hopefully you) signed up again with this e-mail address or phone "
              "number. You were already signed up, so nothing has changed."),
            "",
            status,
            "",
            activity.title,
            when(activity),
            where(activity),
            "",
            _("Cannot come after all? Cancel here (this new link replaces the one in earlier "
              "messages):"),
            cancel_url(cancel_token, base_url),
            "",
            activity_url(activity, base_url),
        ]  # fmt: skip
        return _send(signup, subject, "\n".join(lines))


def signup_cancelled(signup: SignUp, *, base_url: str | None = None) -> bool:
    """The sign-up was cancelled with its cancel code: the person hears of it, so a
    cancellation by someone else holding the code does not pass unnoticed."""
    activity = signup.activity
    with translation.override(signup.language):
        subject = _("Sign-up cancelled: %(title)s") % {"title": activity.title}
        body = "\n".join(
            [
                _("Your sign-up for %(title)s was cancelled with its cancel code.")
                % {"title": activity.title},
                "",
                activity.title,
                when(activity),
                "",
                _("If it was not you, sign up again here:"),
                activity_url(activity, base_url),
            ]
        )
        return _send(signup, subject, body)


def promoted(signup: SignUp, *, base_url: str | None = None) -> bool:
    activity = signup.activity
    with translation.override(signup.language):
        subject = _("A place is free for you: %(title)s") % {"title": activity.title}
        body = "\n".join(
            [
                _("Someone cancelled, so you now have a place."),
                "",
                activity.title,
                when(activity),
                where(activity),
                "",
                _("Cannot come after all? Use the cancel link from your first message."),
                activity_url(activity, base_url),
            ]
        )
        return _send(signup, subject, body)


def reminder(signup: SignUp, *, base_url: str | None = None) -> bool:
    activity = signup.activity
    with translation.override(signup.language):
        subject = _("Tomorrow: %(title)s") % {"title": activity.title}
        lines = [
            _("A reminder that you are signed up for tomorrow."),
            "",
            activity.title,
            when(activity),
            where(activity),
        ]
        if activity.hosting:
            lines += ["", _("Who looks after you: %(text)s") % {"text": activity.hosting}]
        lines += [
            "",
            _("Cannot come after all? Use the cancel link from your first message."),
            activity_url(activity, base_url),
        ]
        return _send(signup, subject, "\n".join(lines))


def meet_again(signup: SignUp, next_activity: Activity | None, *, base_url=None) -> bool:
    activity = signup.activity
    with translation.override(signup.language):
        subject = _("Thank you for coming: %(title)s") % {"title": activity.title}
        lines = [_("We hope to see you again.")]
        if activity.meet_again:
            lines += ["", activity.meet_again]
        if next_activity is not None:
            lines += [
                "",
                _("Next time: %(when)s") % {"when": when(next_activity)},
                activity_url(next_activity, base_url),
            ]
        return _send(signup, subject, "\n".join(lines))


def activity_cancelled(signup: SignUp, *, base_url: str | None = None) -> bool:
    activity = signup.activity
    with translation.override(signup.language):
        subject = _("Cancelled: %(title)s") % {"title": activity.title}
        body = "\n".join(
            [
                _("Unfortunately the activity has been cancelled by the host."),
                "",
                activity.title,
                when(activity),
                "",
                activity_url(activity, base_url),
            ]
        )
        return _send(signup, subject, body)
