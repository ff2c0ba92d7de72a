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
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# Staff read Brobygger in Danish (the interface's language); the subjects and bodies are
# gettext strings rendered in settings.LANGUAGE_CODE, never two languages side by side.
BROKER_SUBJECTS = {
    "self": gettext_lazy("New request from the contact form (%(ref)s)"),
    "staff": gettext_lazy("New referral from %(arena)s (%(ref)s)"),
    "referral": gettext_lazy("Case %(ref)s is referred to an initiative"),
    "assigned": gettext_lazy("You have been given case %(ref)s"),
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
    with translation.override(settings.LANGUAGE_CODE):
        subject = single_line(str(BROKER_SUBJECTS[what]) % {"ref": case.pseudonym, "arena": arena})
        body = "\n".join(
            [
                _("Case: %(ref)s") % {"ref": case.pseudonym},
                _("See the case here (sign in): %(link)s") % {"link": link},
                "",
                _("The details about the citizen are only in Brobygger."),
            ]
        )
    return send_mail(subject, body, None, recipients)


def notify_contacts(referral: Referral, what: str, *, base_url: str | None = None) -> int:
    from brobygger.referrals.selectors import referral_contacts

    recipients = [u.email for u in referral_contacts(referral) if u.email]
    if not recipients:
        return 0
    link = (base_url or site_base()).rstrip("/") + reverse("referrals:initiative_referrals")
    name = referral.initiative.name
    with translation.override(settings.LANGUAGE_CODE):
        subjects = {
            "new": _("New referral to %(name)s") % {"name": name},
            "first_visit": _("Did the citizen come to %(name)s?") % {"name": name},
            "follow_up": _("Does the citizen still take part in %(name)s?") % {"name": name},
        }
        body = "\n".join(
            [
                _("The community broker has a referral waiting for you."),
                _("See it here (sign in): %(link)s") % {"link": link},
            ]
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
