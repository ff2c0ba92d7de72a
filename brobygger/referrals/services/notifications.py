"""E-mails to an initiative's contact persons: a new referral, and the reminders when a first
visit or the three-month follow-up is due. They carry no personal data, only a link to sign in.

They go to the referral's recipients who are still its initiative's contacts: the people who can
see the referral, and nobody who became the contact afterwards.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from brobygger.referrals.models import Referral


def notify_contacts(referral: Referral, what: str) -> int:
    from brobygger.referrals.selectors import referral_contacts

    recipients = [u.email for u in referral_contacts(referral) if u.email]
    if not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("referrals:initiative_referrals")
    subjects = {
        "new": f"Ny henvisning til {referral.initiative.name}",
        "first_visit": f"Kom borgeren til {referral.initiative.name}?",
        "follow_up": f"Deltager borgeren stadig i {referral.initiative.name}?",
    }
    body = (
        "Fællesskabsformidleren har en henvisning, der venter på jer.\n"
        f"Se den her (log ind): {link}\n\n"
        "A referral from the community broker is waiting for you; sign in to see it."
    )
    return send_mail(subjects[what], body, None, recipients)


def reminders_send(*, now=None) -> int:
    """E-mail the contact person when a first visit or the three-month follow-up is due and not
    confirmed (once each; run daily: `brobygger referrals remind`). Returns e-mails sent."""
    now = now or timezone.now()
    open_referrals = Referral.objects.filter(
        cancelled_at__isnull=True, case__is_demo=False
    ).select_related("initiative")
    first_due = now - dt.timedelta(days=settings.REFERRALS_FIRST_VISIT_REMIND_DAYS)
    follow_due = now - dt.timedelta(days=settings.REFERRALS_FOLLOW_UP_DAYS)
    due = (
        ("first_visit", open_referrals.filter(first_visit_at=None, created_at__lte=first_due)),
        ("follow_up", open_referrals.filter(first_visit_at__lte=follow_due, participating_at=None)),
    )
    sent = 0
    for what, referrals in due:
        stamp = f"{what}_reminded_at"
        for referral in referrals.filter(**{f"{stamp}__isnull": True}):
            sent += notify_contacts(referral, what)
            Referral.objects.filter(pk=referral.pk).update(**{stamp: now})
    return sent
