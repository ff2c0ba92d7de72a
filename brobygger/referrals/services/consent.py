"""Consent and retention: withdrawal (by the citizen, staff or the broker), expiry, and the
anonymisation that keeps the counts and drops the person.

After a withdrawal the case keeps only what the evaluation counts (dates, states, the age
group): the personal fields, the free-text notes and messages, the outcome answers, the client's
reference, the withdrawal codes and the access log's free-text reasons all go.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from brobygger.core.tokens import token_pair
from brobygger.referrals.models import (
    AccessLogEntry,
    Case,
    Citizen,
    Consent,
    ContactLogEntry,
    Referral,
    WithdrawalCode,
)
from brobygger.referrals.services.errors import ReferralError
from brobygger.referrals.services.machine import advance, copy_fields, lock_case

ENDED = (Case.ClosedReason.CONSENT_WITHDRAWN, Case.ClosedReason.CONSENT_EXPIRED)


def citizen_anonymise(citizen: Citizen, *, now=None) -> None:
    """Blank every personal field and free-text note; dates, states and the age group stay, so
    the evaluation counts the same afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        for field in Citizen.PERSONAL_FIELDS:
            setattr(citizen, field, "")
        citizen.wants_company = False
        citizen.special_group = None
        citizen.anonymised_at = now
        citizen.save(
            update_fields=[
                *Citizen.PERSONAL_FIELDS,
                "wants_company",
                "special_group",
                "anonymised_at",
            ]
        )
        ContactLogEntry.objects.filter(case__citizen=citizen).update(note="")
        Referral.objects.filter(case__citizen=citizen).update(message="")
        AccessLogEntry.objects.filter(citizen=citizen).exclude(reason="").update(reason="")


# A code the citizen may have to type from paper: 18 random bytes are 24 characters.
WITHDRAWAL_CODE_BYTES = 18


# Codes that work at once for one case: each receipt shown, printed or sent makes one, and a
# page viewed again should not add codes without end. The oldest goes first (the citizen who
# holds it can still call the broker, or ask the staff for a new receipt).
LIVE_WITHDRAWAL_CODES = 10


def withdrawal_code_issue(case: Case) -> str:
    """A new code that withdraws ``case``'s consent, for one receipt or thank-you page. Only
    its digest is kept; the last ``LIVE_WITHDRAWAL_CODES`` issued work until consent ends."""
    if case.consent_ended:
        raise ReferralError("case: the consent is already withdrawn")
    code, digest = token_pair(WITHDRAWAL_CODE_BYTES)
    with transaction.atomic():
        WithdrawalCode.objects.create(case=case, digest=digest)
        keep = WithdrawalCode.objects.filter(case=case).order_by("-created_at", "-pk")
        old = keep.values_list("pk", flat=True)[LIVE_WITHDRAWAL_CODES:]
        WithdrawalCode.objects.filter(pk__in=list(old)).delete()
    return code


def _forget_keys(case: Case) -> None:
    """Delete what could lead back to the person: the submitting client's reference (an id in
    their system), who submitted it, and the withdrawal codes handed out."""
    case.client_reference, case.submitter_key = None, ""
    case.save(update_fields=["client_reference", "submitter_key"])
    WithdrawalCode.objects.filter(case=case).delete()


def consent_withdraw(*, case: Case, user=None, now=None, expired: bool = False) -> None:
    """Withdrawal stops all processing at once: the consents end, open referrals are
    cancelled, the case closes, the outcome answers are deleted, the citizen is anonymised and
    the keys that could lead back to them (client reference, withdrawal token) are deleted.
    A consent that has run out (``expired``) ends the same way. Doing it twice changes nothing."""
    now = now or timezone.now()
    reason = Case.ClosedReason.CONSENT_EXPIRED if expired else Case.ClosedReason.CONSENT_WITHDRAWN
    with transaction.atomic():
        locked = lock_case(case.pk)
        locked.citizen.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        locked.referrals.filter(cancelled_at__isnull=True, participating_at__isnull=True).update(
            cancelled_at=now
        )
        if locked.state != Case.State.CLOSED:
            advance(locked, Case.State.CLOSED, now=now, reason=reason)
        locked.outcomes.all().delete()
        if locked.citizen.anonymised_at is None:
            citizen_anonymise(locked.citizen, now=now)
        else:  # anonymised earlier (closed long ago): the free text may still be there
            AccessLogEntry.objects.filter(citizen=locked.citizen).update(reason="")
        _forget_keys(locked)
    copy_fields(locked, case)
    if case.citizen_id == locked.citizen_id and case.citizen is not locked.citizen:
        case.citizen = locked.citizen


def consent_end_if_expired(*, case: Case, now=None) -> bool:
    """End an open case at once if the citizen's consent to the broker's contact has run out
    (so it stops before the daily job comes by). Returns whether it ended it."""
    now = now or timezone.now()
    if case.state == Case.State.CLOSED:
        return False
    consents = case.citizen.consents.filter(
        purpose=Consent.Purpose.REFERRAL, withdrawn_at__isnull=True
    )
    if consents.filter(valid_until__gte=timezone.localdate(now)).exists() or not consents:
        return False
    consent_withdraw(case=case, now=now, expired=True)
    return True


def expired_consents_end(*, now=None) -> int:
    """Cases whose consent to the broker's contact has run out end as if withdrawn (run daily
    with the anonymisation). Returns how many."""
    now = now or timezone.now()
    expired = Case.all_rows.filter(
        citizen__anonymised_at__isnull=True,
        citizen__consents__purpose=Consent.Purpose.REFERRAL,
        citizen__consents__withdrawn_at__isnull=True,
        citizen__consents__valid_until__lt=timezone.localdate(now),
    ).distinct()
    count = 0
    for case in expired:
        consent_withdraw(case=case, now=now, expired=True)
        count += 1
    return count


def closed_cases_anonymise(*, now=None) -> int:
    """Anonymise the citizens of cases closed longer ago than REFERRALS_ANONYMISE_AFTER_DAYS
    (run daily: `brobygger referrals anonymise`)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REFERRALS_ANONYMISE_AFTER_DAYS)
    cases = Case.all_rows.filter(
        citizen__anonymised_at__isnull=True, state=Case.State.CLOSED, closed_at__lte=cutoff
    )
    count = 0
    for case in cases:
        with transaction.atomic():
            locked = lock_case(case.pk)
            if locked.citizen.anonymised_at is None and locked.state == Case.State.CLOSED:
                citizen_anonymise(locked.citizen, now=now)
                _forget_keys(locked)
                count += 1
    return count
