"""The broker's link: from a case, sign the citizen up for an activity (with the citizen's
consent, checked through the case's consent records as every referral is), and let the host's
"came" close the same loop as an initiative's confirmation of a first visit.

When the activity belongs to a directory initiative, the sign-up is also a referral to that
initiative, so the dashboard counts it where it counts every referral; "came" then confirms
that referral's first visit. Otherwise the case itself moves to "first visit made".
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from brobygger.activities.models import Activity, SignUp
from brobygger.activities.signups import SignUpResult, signup_create
from brobygger.referrals.models import Case, Referral
from brobygger.referrals.services.changes import (
    case_advance,
    locked_change,
    referral_confirm_first_visit,
)
from brobygger.referrals.services.machine import advance


def signup_from_case(
    *, case: Case, activity: Activity, user, wants_company: bool = False, base_url=None
) -> SignUpResult:
    """Sign the case's citizen up (consent checked under the case's lock)."""
    now = timezone.now()

    def change(locked: Case) -> SignUpResult:
        citizen = locked.citizen
        result = signup_create(
            activity=activity,
            name=citizen.name,
            email=citizen.email,
            phone=citizen.phone,
            wants_company=wants_company or bool(getattr(citizen, "wants_company", False)),
            case=locked,
            language=getattr(citizen, "language", "da") or "da",
            base_url=base_url,
        )
        # already signed up (by the citizen, or before): the referral is not made twice
        published = activity.initiative_id and activity.initiative.status == "published"
        if result.created and published:
            referral = Referral.objects.create(
                case=locked,
                initiative=activity.initiative,
                created_by=user,
                message=f"Tilmeldt aktiviteten «{activity.title}» · signed up for an activity",
                created_at=now,
            )
            SignUp.objects.filter(pk=result.signup.pk).update(referral=referral)
        advance(locked, Case.State.MATCHED, now=now)
        return result

    return locked_change(case, change, now=now)


def first_visit_from_activity(signup: SignUp) -> None:
    """The host says the citizen came: the case's first visit is made."""
    signup.refresh_from_db()
    with transaction.atomic():
        if signup.referral_id:
            referral = Referral.objects.get(pk=signup.referral_id)
            if referral.first_visit_at is None:
                referral_confirm_first_visit(referral=referral, user=signup.activity.host)
            return
        case = signup.case
        if case is not None and case.state != Case.State.CLOSED:
            case_advance(case, Case.State.FIRST_VISIT)
