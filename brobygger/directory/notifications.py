"""E-mails the directory sends: reminders to confirm stale initiatives, and a notice to the
community brokers when an initiative's contact person for referrals changes. Subjects are one
line (``single_line``: a name with a line break would break the header); links start with
``SITE_URL``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from brobygger.accounts.roles import GROUP_BROKER
from brobygger.directory.models import Initiative
from brobygger.lib.text import single_line


def _site_url() -> str:
    """Where links in e-mails point: SITE_URL, never the Host of the request that caused them."""
    return settings.SITE_URL.rstrip("/")


def _username(user) -> str:
    return user.get_username() if user is not None else ""


def referral_contact_changed(*, initiative: Initiative, user, old, new) -> int:
    """Tell every community broker who now receives an initiative's referrals.

    Names only the initiative, who made the change and the old and new contact's usernames:
    no citizen's personal data. Returns the number of e-mails sent (0 or 1).
    """
    recipients = sorted(
        get_user_model()
        .objects.filter(groups__name=GROUP_BROKER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    nobody = _("(all of the organisation's editors)")
    with override("da"):
        values = {
            "name": initiative.name,
            "who": _username(user) or _("(unknown)"),
            "old": _username(old) or nobody,
            "new": _username(new) or nobody,
            "url": f"{_site_url()}/tilbud/{initiative.pk}/historik/",
        }
        send_mail(
            subject=single_line(_("New contact person for referrals to %(name)s") % values),
            message=_(
                "%(who)s has changed who receives referrals to %(name)s in Brobygger.\n\n"
                "Before: %(old)s\nNow: %(new)s\n\n"
                "Referrals sent earlier stay with the person who was the contact when they "
                "were sent. If the change looks wrong, see the history here:\n%(url)s\n"
            )
            % values,
            from_email=None,
            recipient_list=recipients,
        )
    return 1


def stale_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail the editors of every stale published initiative not reminded since it went stale.

    Returns the number of e-mails sent. Run daily (``brobygger directory remind-stale``).
    """
    from brobygger.directory.selectors import stale_initiatives

    sent = 0
    for initiative in stale_initiatives(today=today).filter(stale_reminder_sent_at__isnull=True):
        sent += stale_reminder_send(initiative)
    return sent


def stale_reminder_send(initiative: Initiative) -> bool:
    """Ask the initiative's organisation editors to confirm or correct it (the link starts with
    ``SITE_URL``); False when it has no editor with an e-mail address (nothing is sent then)."""
    recipients = sorted(
        {
            m.user.email
            for m in initiative.organization.memberships.select_related("user")
            if m.user.email and m.user.is_active
        }
    )
    if not recipients:
        return False
    with override("da"):
        send_mail(
            subject=single_line(
                _("Is the information about %(name)s still right?") % {"name": initiative.name}
            ),
            message=_(
                "The information about %(name)s in Brobygger's directory of communities has "
                "not been confirmed for over a year.\n\nPlease look it over and confirm or "
                "correct it here:\n%(url)s\n"
            )
            % {"name": initiative.name, "url": f"{_site_url()}/tilbud/{initiative.pk}/"},
            from_email=None,
            recipient_list=recipients,
        )
    Initiative.objects.filter(pk=initiative.pk).update(stale_reminder_sent_at=timezone.now())
    return True
