"""What participants are told, by e-mail when they gave one, else by text message.

Each message is in the language the person signed up in, names the activity, its time and
place, and carries the private cancel link only when the token is known (at sign-up, and in the
message to a person signed up again, whose sign-up gets a fresh code; later messages point to
the activity page instead: the token is stored only hashed).

The wording is in ``templates/activities/messages/<name>.subject.txt`` and ``.body.txt``,
rendered and sent by ``core.messaging`` (e-mail or SMS, the daily limit per recipient, links
from ``SITE_URL``, a one-line subject). ``safely`` sends from a request or a loop: a failure is
logged and the caller goes on.
"""

from __future__ import annotations

import logging

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brobygger.activities.models import Activity, SignUp
from brobygger.core import messaging

logger = logging.getLogger(__name__)


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


def activity_url(activity: Activity, base_url: str | None = None) -> str:
    path = reverse("activities:detail", args=[activity.pk])
    return base_url.rstrip("/") + path if base_url else messaging.site_url(path)


def cancel_url(token: str) -> str:
    # the token after '#': never sent to the server in a request line, so never in a log
    return messaging.site_url(reverse("activities:cancel") + "#kode=" + token)


def _context(activity: Activity, base_url: str | None = None, **extra) -> dict:
    """What every message about ``activity`` may show; the time and place are rendered in the
    message's language."""
    return {
        "title": activity.title,
        "when": messaging.lazy_text(when, activity),
        "where": messaging.lazy_text(where, activity),
        "activity_url": activity_url(activity, base_url),
        **extra,
    }


def _send(signup: SignUp, name: str, context: dict) -> bool:
    """Render ``activities/messages/<name>`` in the person's language and send it: e-mail when
    there is an address, else a text message; False when nothing was sent."""
    if signup.anonymised_at is not None:
        return False
    message = messaging.render(f"activities/messages/{name}", context, language=signup.language)
    return messaging.deliver(message, email=signup.email, phone=signup.phone)


def signup_received(result) -> bool:
    signup, activity = result.signup, result.signup.activity
    token = result.cancel_token
    context = _context(
        activity,
        confirmed=signup.status == SignUp.Status.CONFIRMED,
        position=result.position,
        welcome=activity.welcome,
        wants_company=signup.wants_company,
        cancel_url=cancel_url(token) if token else "",
    )
    return _send(signup, "signup_received", context)


def signup_repeated(signup: SignUp, *, position: int | None, cancel_token: str) -> bool:
    """Someone signed this person up again: the details and a fresh cancel link go to the
    person's own contact (the caller is told only that the sign-up was received). The fresh
    code replaces every earlier one, so a code that whoever signed up first was shown no
    longer works."""
    context = _context(
        signup.activity,
        confirmed=signup.status == SignUp.Status.CONFIRMED,
        position=position,
        cancel_url=cancel_url(cancel_token),
    )
    return _send(signup, "signup_repeated", context)


def signup_cancelled(signup: SignUp) -> bool:
    """The sign-up was cancelled with its cancel code: the person hears of it, so a
    cancellation by someone else holding the code does not pass unnoticed."""
    return _send(signup, "signup_cancelled", _context(signup.activity))


def promoted(signup: SignUp) -> bool:
    return _send(signup, "promoted", _context(signup.activity))


def reminder(signup: SignUp, *, base_url: str | None = None) -> bool:
    activity = signup.activity
    return _send(signup, "reminder", _context(activity, base_url, hosting=activity.hosting))


def meet_again(signup: SignUp, next_activity: Activity | None, *, base_url=None) -> bool:
    activity = signup.activity
    extra: dict = {"meet_again": activity.meet_again, "next_when": None, "next_url": ""}
    if next_activity is not None:
        extra["next_when"] = messaging.lazy_text(when, next_activity)
        extra["next_url"] = activity_url(next_activity, base_url)
    return _send(signup, "meet_again", _context(activity, base_url, **extra))


def activity_cancelled(signup: SignUp) -> bool:
    return _send(signup, "activity_cancelled", _context(signup.activity))
