"""The broker's link: from a case, find activities that suit the citizen and sign them up (with
their consent, checked through the case's consent records as every referral is), and let the
host's "came" close the same loop as an initiative's confirmation of a first visit.

The collaboration model's side is ``referrals.services`` (``case_signup_record``,
``case_first_visit_record``): it locks the case, checks the consent, records the referral to
the activity's initiative (when it has one, so the evaluation counts it where it counts every
referral) and the case's state. This module makes the sign-up itself, through
``signups.signup_create``, and keeps the referral with it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from brobygger.activities import selectors
from brobygger.activities.models import Activity, SignUp
from brobygger.activities.signups import SignUpResult, signup_create
from brobygger.referrals import services as referrals

SUITABLE_LIMIT = 10


def age_range(age_band: str) -> tuple[int | None, int | None]:
    """The ages of a case's age group ("16-29", "75+"); (None, None) when it is not known."""
    low, _, high = age_band.rstrip("+").partition("-")
    if not low.isdigit():
        return None, None
    return int(low), int(high) if high.isdigit() else None


def activities_for_case(
    *, case, now: dt.datetime | None = None, limit: int = SUITABLE_LIMIT
) -> QuerySet[Activity]:
    """Upcoming published activities that suit the case's citizen, soonest first: open to some
    of their age group, held where they live (the same first two digits of the postcode, as the
    referrals' matching counts an area) or online, and in their preferred language when the
    activity names its languages. What the case does not say does not narrow the list."""
    now = now or timezone.now()
    citizen = case.citizen
    qs = selectors.upcoming(now).filter(starts_at__gt=now)  # still open for sign-up
    low, high = age_range(citizen.age_band)
    if low is not None:
        qs = qs.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=low))
    if high is not None:
        qs = qs.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=high))
    postcode = citizen.postcode.strip()
    if len(postcode) >= 2:
        online = Q(address="") & ~Q(online_url="")
        qs = qs.filter(Q(postcode__startswith=postcode[:2]) | online)
    if citizen.language:
        # JSON list membership, the same on SQLite and PostgreSQL (as the public filters do)
        qs = qs.filter(Q(languages=[]) | Q(languages__icontains=f'"{citizen.language}"'))
    return qs[:limit]


def signups_of_case(case) -> QuerySet[SignUp]:
    """The case's sign-ups, newest activity first (shown on the broker's page for the case)."""
    return (
        SignUp.objects.filter(case=case)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("activity")
        .order_by("-activity__starts_at")
    )


def signup_from_case(
    *, case, activity: Activity, user, wants_company: bool = False
) -> SignUpResult:
    """Sign the case's citizen up (consent checked under the case's lock). A citizen signed up
    already gets that sign-up back, and no second referral is made."""

    def sign_up(contact: referrals.CitizenContact) -> SignUpResult:
        return signup_create(
            activity=activity,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            wants_company=wants_company or contact.wants_company,
            case=case,
            language=contact.language,
        )

    def link(result: SignUpResult, referral) -> None:
        SignUp.objects.filter(pk=result.signup.pk).update(referral=referral)
        result.signup.referral = referral

    record = referrals.case_signup_record(
        case=case,
        user=user,
        initiative=activity.initiative,
        sign_up=sign_up,
        link=link,
        message=f"Tilmeldt aktiviteten «{activity.title}» · signed up for an activity",
        now=timezone.now(),
    )
    return record.signed_up


def first_visit_from_activity(signup: SignUp) -> bool:
    """The host says the citizen came: the referral's first visit is confirmed (by the host),
    or the case moves to "first visit made". Returns whether the case's record changed."""
    signup.refresh_from_db()
    if signup.case_id is None:
        return False
    return referrals.case_first_visit_record(
        case=signup.case, referral=signup.referral, user=signup.activity.host
    )
