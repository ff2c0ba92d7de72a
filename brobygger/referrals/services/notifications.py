"""E-mails about referrals. None carries personal data: at most the case's reference and a
link to sign in (special-category data stays in the system).

- an initiative's contact persons: a new referral, and the reminders when a first visit or the
  three-month follow-up is due. They go to the referral's recipients who are still its
  initiative's contacts: the people who can see the referral, and nobody who became the contact
  afterwards;
- the community brokers: each new request (contact form, staff referral) and each new referral;
- a broker a case is assigned to.

Links are made on ``settings.SITE_URL`` (``site_base``), never on the Host header of the request
that caused the e-mail: a forged Host would otherwise put someone else's address in our mail.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from brobygger.lib.text import single_line
from brobygger.referrals.models import Case, Referral


def site_base(request=None) -> str:
    """Where links in messages point: ``settings.SITE_URL``. ``request`` is ignored (accepted so
    callers may pass it): its Host header is whatever the client sent."""
    return settings.SITE_URL.rstrip("/")


def brokers():
    """The active community brokers."""
    from brobygger.accounts.roles import GROUP_BROKER

    return get_user_model().objects.filter(is_active=True, groups__name=GROUP_BROKER).distinct()


BROKER_SUBJECTS = {
    "self": "Ny henvendelse via kontaktformularen ({ref}) · New request from the contact form",
    "staff": "Ny henvisning fra {arena} ({ref}) · New referral from staff",
    "referral": "Sag {ref} er henvist til et tilbud · Case referred to an initiative",
    "assigned": "Du har fået sag {ref} · A case was assigned to you",
}


def notify_brokers(case: Case, what: str, *, base_url: str | None = None, exclude=None) -> int:
    """Tell the brokers (or, for ``assigned``, the case's broker) that something happened to a
    case: the case's reference and a link, nothing about the person."""
    if what == "assigned":
        people = [case.assigned_to] if case.assigned_to_id else []
    else:
        people = list(brokers())
    recipients = sorted({u.email for u in people if u.email and u != exclude})
    if not recipients:
        return 0
    link = (base_url or site_base()).rstrip("/") + reverse("referrals:case", args=[case.pk])
    arena = case.arena.name if case.arena_id else ""
    subject = single_line(BROKER_SUBJECTS[what].format(ref=case.pseudonym, arena=arena))
    body = (
        f"Sag / case: {case.pseudonym}\n"
        f"Se sagen her (log ind): {link}\n\n"
        "Oplysningerne om borgeren står kun i Brobygger. "
        "The details about the citizen are only in Brobygger."
    )
    return send_mail(subject, body, None, recipients)


def notify_contacts(referral: Referral, what: str, *, base_url: str | None = None) -> int:
    from brobygger.referrals.selectors import referral_contacts

    recipients = [u.email for u in referral_contacts(referral) if u.email]
    if not recipients:
        return 0
    link = (base_url or site_base()).rstrip("/") + reverse("referrals:initiative_referrals")
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
    return send_mail(single_line(subjects[what]), body, None, recipients)


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
