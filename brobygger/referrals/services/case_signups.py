"""Sign-ups made from a case: the broker signs the case's citizen up for something a higher
app offers (an activity), and its host later says the citizen came.

The higher app makes the sign-up itself, through a callback; what the collaboration model needs
is recorded here, in the case's transaction: the consent is checked under the case's lock (as for
every referral), a referral to the offer's initiative is made when there is one (so the
evaluation counts it where it counts every referral), and the case moves to "matched". The
host's "came" then confirms that referral's first visit, or moves the case itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from django.utils import timezone

from brobygger.referrals.models import Case, Referral
from brobygger.referrals.services.changes import (
    case_advance,
    locked_change,
    referral_confirm_first_visit,
)
from brobygger.referrals.services.errors import ReferralError
from brobygger.referrals.services.machine import advance


class SignedUp(Protocol):
    """What a sign-up callback returns: ``created`` is False when the citizen was signed up
    already (then no second referral is made)."""

    created: bool


S = TypeVar("S", bound=SignedUp)


@dataclass(frozen=True)
class CitizenContact:
    """The least a host needs to welcome the citizen, read under the case's lock."""

    name: str
    email: str
    phone: str
    language: str
    wants_company: bool  # the citizen said so when referred


@dataclass(frozen=True)
class CaseSignUp(Generic[S]):
    signed_up: S  # what the callback returned
    referral: Referral | None  # the referral made with it (None: no initiative, or a repeat)


def case_signup_record(
    *,
    case: Case,
    user,
    initiative,
    sign_up: Callable[[CitizenContact], S],
    link: Callable[[S, Referral], None] | None = None,
    message: str = "",
    now: dt.datetime | None = None,
) -> CaseSignUp[S]:
    """Sign the case's citizen up through ``sign_up(contact)``, with their consent.

    In one transaction holding the case's lock: the case must be open and the consent hold
    (else ``ReferralError``, and nothing is signed up); ``sign_up`` makes the sign-up; when it is
    new and ``initiative`` (may be None) is published, a referral to it is recorded, by ``user``
    with ``message``, and handed to ``link(signed_up, referral)`` so the caller can keep it
    with its sign-up; the case moves to "matched". The initiative's contact persons are not
    told: the sign-up reaches the host.
    """
    now = now or timezone.now()

    def change(locked: Case) -> CaseSignUp[S]:
        citizen = locked.citizen
        contact = CitizenContact(
            name=citizen.name,
            email=citizen.email,
            phone=citizen.phone,
            language=citizen.language or "da",
            wants_company=citizen.wants_company,
        )
        signed_up = sign_up(contact)
        referral = None
        published = initiative is not None and initiative.status == initiative.Status.PUBLISHED
        if signed_up.created and published:
            referral = Referral.objects.create(
                case=locked, initiative=initiative, created_by=user, message=message, created_at=now
            )
            if link is not None:
                link(signed_up, referral)
        advance(locked, Case.State.MATCHED, now=now)
        return CaseSignUp(signed_up=signed_up, referral=referral)

    return locked_change(case, change, now=now)


def case_first_visit_record(
    *, case: Case, referral: Referral | None = None, user=None, now: dt.datetime | None = None
) -> bool:
    """The host of what the citizen was signed up for says they came: the referral's first
    visit is confirmed (by ``user``), or, with no referral, the case moves to "first visit".

    Never refuses the host: a cancelled referral, a closed case or a consent that no longer
    holds leaves the case as it is. Returns whether the case's record changed."""
    try:
        if referral is not None:
            if referral.first_visit_at is not None:
                return False
            referral_confirm_first_visit(referral=referral, user=user, now=now)
            return True
        if case.state == Case.State.CLOSED:
            return False
        case_advance(case, Case.State.FIRST_VISIT, now=now)
        return True
    except ReferralError:
        return False
