"""E-mails the directory sends: reminders to confirm stale initiatives, and a notice to the
community brokers when an initiative's contact person for referrals changes. Both go to staff,
in Danish (``settings.LANGUAGE_CODE``), from ``templates/directory/messages/`` through
``core.messaging`` (one-line subjects, links from ``SITE_URL``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from brobygger.accounts.roles import GROUP_BROKER
from brobygger.core import messaging
from brobygger.directory.models import Initiative


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
    context = {
        "name": initiative.name,
        "who": _username(user),
        "old": _username(old),
        "new": _username(new),
        "url": messaging.site_url(reverse("directory:history", args=[initiative.pk])),
    }
    message = messaging.render(
        "directory/messages/contact_changed", context, language=settings.LANGUAGE_CODE
    )
    return int(messaging.send_email(message, recipients, quota=False))


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
    context = {
        "name": initiative.name,
        "url": messaging.site_url(reverse("directory:detail", args=[initiative.pk])),
    }
    message = messaging.render(
        "directory/messages/stale_reminder", context, language=settings.LANGUAGE_CODE
    )
    if not messaging.send_email(message, recipients, quota=False):
        return False  # logged; tried again on the next run
    Initiative.objects.filter(pk=initiative.pk).update(stale_reminder_sent_at=timezone.now())
    return True
