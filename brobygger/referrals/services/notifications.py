"""E-mails about referrals. None carries personal data: at most the case's reference and a
link to sign in (special-category data stays in the system).

- an initiative's contact persons: a new referral, and the reminders when a first visit or the
  three-month follow-up is due. They go to the referral's recipients who are still its
  initiative's contacts: the people who can see the referral, and nobody who became the contact
  afterwards;
- the community brokers: each new request (contact form, staff referral) and each new referral;
- a broker a case is assigned to.

Staff read Brobygger in Danish (the interface's language): the e-mails are rendered in
``settings.LANGUAGE_CODE`` from ``templates/referrals/messages/`` by ``core.messaging``, whose
links start with ``settings.SITE_URL``, never with the Host header of the request that caused
the e-mail (a forged Host would otherwise put someone else's address in our mail).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from brobygger.core import messaging
from brobygger.referrals.models import Case, Referral

BROKER_NOTICES = ("self", "staff", "referral", "assigned")
CONTACT_NOTICES = ("new", "first_visit", "follow_up")


def brokers():
    """The active community brokers."""
    from brobygger.accounts.roles import GROUP_BROKER

    return get_user_model().objects.filter(is_active=True, groups__name=GROUP_BROKER).distinct()


def notify_brokers(case: Case, what: str, *, exclude=None) -> int:
    """Tell the brokers (or, for ``assigned``, the case's broker) that something happened to a
    case: the case's reference and a link, nothing about the person."""
    if what not in BROKER_NOTICES:
        raise ValueError(f"what: unknown notice {what!r}")
    if what == "assigned":
        people = [case.assigned_to] if case.assigned_to_id else []
    else:
        people = list(brokers())
    recipients = sorted({u.email for u in people if u.email and u != exclude})
    if not recipients:
        return 0
    context = {
        "what": what,
        "ref": case.pseudonym,
        "arena": case.arena.name if case.arena_id else "",
        "link": messaging.site_url(reverse("referrals:case", args=[case.pk])),
    }
    message = messaging.render(
        "referrals/messages/broker_notice", context, language=settings.LANGUAGE_CODE
    )
    return int(messaging.send_email(message, recipients, quota=False))


def notify_contacts(referral: Referral, what: str) -> int:
    from brobygger.referrals.selectors import referral_contacts

    if what not in CONTACT_NOTICES:
        raise ValueError(f"what: unknown notice {what!r}")
    recipients = [u.email for u in referral_contacts(referral) if u.email]
    if not recipients:
        return 0
    context = {
        "what": what,
        "name": referral.initiative.name,
        "link": messaging.site_url(reverse("referrals:initiative_referrals")),
    }
    message = messaging.render(
        "referrals/messages/contact_notice", context, language=settings.LANGUAGE_CODE
    )
    return int(messaging.send_email(message, recipients, quota=False))


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
