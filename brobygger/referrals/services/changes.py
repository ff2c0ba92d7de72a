"""Changes to a case: the broker's states and contacts, the referral to an initiative, the
initiative's confirmations and the three questions' answers.

Each runs in one transaction that locks the case, re-reads it, re-checks that the case is open
(where it must be) and that the citizen's consent holds, and saves only the fields it changes.
A consent that has run out ends the case there and then, as a withdrawal does, and the change is
refused; the daily job is only the sweep for cases nobody touches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from brobygger.referrals.models import (
    Case,
    Consent,
    ContactLogEntry,
    OutcomeMeasurement,
    Referral,
)
from brobygger.referrals.services.consent import consent_withdraw
from brobygger.referrals.services.errors import ConsentExpired, NoContactPerson, ReferralError
from brobygger.referrals.services.machine import (
    STATE_ORDER,
    advance,
    check_consent,
    check_open,
    copy_fields,
    lock_case,
)
from brobygger.referrals.services.notifications import notify_brokers, notify_contacts
from brobygger.referrals.tils import tils_score

T = TypeVar("T")


def locked_change(
    case: Case, change: Callable[[Case], T], *, now: dt.datetime, must_be_open: bool = True
) -> T:
    """Run ``change(locked_case)`` in a transaction holding the case's lock, after the checks;
    then give ``case`` (the caller's possibly stale copy) the values written."""
    try:
        with transaction.atomic():
            locked = lock_case(case.pk)
            if must_be_open:
                check_open(locked)
            check_consent(locked, timezone.localdate(now))
            result = change(locked)
    except ConsentExpired:
        consent_withdraw(case=case, now=now, expired=True)
        raise
    copy_fields(locked, case)
    return result


def case_advance(
    case: Case, state: str, *, now: dt.datetime | None = None, reason: str = ""
) -> Case:
    """Move a case forward to ``state`` (never back), stamping the time of each new state."""
    now = now or timezone.now()
    if state not in STATE_ORDER:
        raise ReferralError(f"state: unknown state {state!r}")
    locked_change(case, lambda c: advance(c, state, now=now, reason=reason), now=now)
    return case


def contact_add(
    *, case: Case, user, channel: str, reached: bool, note: str = "", now=None
) -> ContactLogEntry:
    now = now or timezone.now()

    def change(locked: Case) -> ContactLogEntry:
        entry = ContactLogEntry.objects.create(
            case=locked, by=user, channel=channel, reached=reached, note=note, at=now
        )
        if reached:
            advance(locked, Case.State.CONTACTED, now=now)
        return entry

    return locked_change(case, change, now=now)


def initiative_refer(
    *,
    case: Case,
    initiative,
    user,
    message: str = "",
    now=None,
    without_contact: bool = False,
) -> Referral:
    """The broker refers the case to an initiative. Its contact persons at this moment are
    recorded as the referral's recipients (only they will see it) and told by e-mail (no
    personal data in the e-mail, only a link to the referral page); the other brokers are told
    too. An initiative nobody receives referrals for is refused unless the broker has confirmed
    ``without_contact`` (they then tell the initiative themselves)."""
    from brobygger.referrals.selectors import contacts_of_initiative

    now = now or timezone.now()
    if initiative.status != initiative.Status.PUBLISHED:
        raise ReferralError("initiative: only published initiatives take referrals")
    if not without_contact and not contacts_of_initiative(initiative).exists():
        raise NoContactPerson(
            "initiative: nobody at this initiative receives referrals; confirm that you will "
            "tell them yourself"
        )

    def change(locked: Case) -> Referral:
        referral = Referral.objects.create(
            case=locked, initiative=initiative, created_by=user, message=message, created_at=now
        )
        referral.recipients.set(contacts_of_initiative(initiative))
        advance(locked, Case.State.MATCHED, now=now)
        return referral

    referral = locked_change(case, change, now=now)
    notify_contacts(referral, "new")
    notify_brokers(case, "referral", exclude=user)
    return referral


def _confirm(
    referral: Referral, user, now, step: str, check: Callable[[Referral], None] | None = None
) -> Referral:
    """Stamp ``step`` (first_visit or participating) on the referral once, and move its case
    (unless the broker has closed it). The referral is re-read under the case's lock."""

    def change(case: Case) -> Referral:
        fresh = Referral.objects.select_for_update().get(pk=referral.pk)
        if fresh.cancelled_at:
            raise ReferralError("referral: it was cancelled")
        if check is not None:
            check(fresh)
        if getattr(fresh, f"{step}_at") is None:
            setattr(fresh, f"{step}_at", now)
            setattr(fresh, f"{step}_by", user)
            fresh.save(update_fields=[f"{step}_at", f"{step}_by"])
        if case.state != Case.State.CLOSED:
            advance(case, step, now=now)
        return fresh

    fresh = locked_change(referral.case, change, now=now, must_be_open=False)
    for name in ("first_visit_at", "first_visit_by_id", "participating_at", "participating_by_id"):
        setattr(referral, name, getattr(fresh, name))
    return referral


def referral_confirm_first_visit(*, referral: Referral, user, now=None) -> Referral:
    return _confirm(referral, user, now or timezone.now(), Case.State.FIRST_VISIT)


def referral_confirm_participating(*, referral: Referral, user, now=None) -> Referral:
    """'Still taking part after three months': the loop is closed."""
    now = now or timezone.now()

    def due(fresh: Referral) -> None:
        if fresh.first_visit_at is None:
            raise ReferralError("first_visit: confirm the first visit first")
        when = fresh.first_visit_at + dt.timedelta(days=settings.REFERRALS_FOLLOW_UP_DAYS)
        if now < when:
            raise ReferralError(f"participating: the follow-up is due on {when.date().isoformat()}")

    return _confirm(referral, user, now, Case.State.PARTICIPATING, due)


def outcome_record(*, case: Case, moment: str, items, now=None) -> OutcomeMeasurement:
    """Record the three answers (also on a closed case, e.g. the follow-up of a citizen who
    now takes part), while both consents hold."""
    now = now or timezone.now()
    score = tils_score(items)

    def change(locked: Case) -> OutcomeMeasurement:
        if not locked.citizen.consents.filter(
            purpose=Consent.Purpose.OUTCOME, withdrawn_at__isnull=True
        ).exists():
            raise ReferralError("outcome: the citizen has not agreed to the three questions")
        measurement, _ = OutcomeMeasurement.objects.update_or_create(
            case=locked,
            moment=moment,
            defaults={
                "item1": items[0],
                "item2": items[1],
                "item3": items[2],
                "score": score,
                "measured_at": now,
            },
        )
        return measurement

    return locked_change(case, change, now=now, must_be_open=False)
