"""The broker signs a case's citizen up (consent checked), and the host's "came" closes the
same loop as a referral's first visit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from brobygger.activities import services
from brobygger.activities.broker import signup_from_case
from brobygger.activities.models import Activity
from brobygger.referrals import services as referral_services
from brobygger.referrals.models import Arena, Case
from brobygger.referrals.services.errors import ReferralError
from tests.referrals.conftest import citizen


@pytest.fixture
def case(people):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    made, _ = referral_services.referral_submit(
        user=people["staff"],
        arena=arena,
        citizen_fields=citizen("Anna Andersen", email="anna@example.org"),
        consent=referral_services.ConsentGiven(outcome=True),
    )
    return made


def test_the_broker_signs_up_a_case_and_came_confirms_the_first_visit(people, case, make_activity):
    from brobygger.directory.models import Initiative

    ventilen = Initiative.objects.get(name="Ventilen")
    activity = make_activity(initiative_id=ventilen.pk)
    result = signup_from_case(case=case, activity=activity, user=people["broker"])
    assert result.signup.name == "Anna Andersen" and result.signup.case_id == case.pk
    referral = result.signup.referral if result.signup.referral_id else None
    result.signup.refresh_from_db()
    referral = result.signup.referral
    assert referral is not None and referral.initiative_id == ventilen.pk
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    result.signup.refresh_from_db()
    services.attendance_record(signup=result.signup, came=True)
    referral.refresh_from_db()
    assert referral.first_visit_at is not None
    assert Case.objects.get(pk=case.pk).state == "first_visit"


def test_no_sign_up_after_consent_is_withdrawn(people, case, activity):
    referral_services.consent_withdraw(case=case)
    case.refresh_from_db()
    with pytest.raises(ReferralError):
        signup_from_case(case=case, activity=activity, user=people["broker"])
    assert not activity.signups.exists()


def test_the_evaluation_dashboard_counts_activities_per_month(client, people, make_activity):
    from brobygger.activities import signups

    first = make_activity()
    signups.signup_create(activity=first, name="A", email="a@example.org")
    signups.signup_create(activity=make_activity(title="Igen"), name="A", email="a@example.org")
    client.force_login(people["analyst"])
    from django.urls import reverse

    response = client.get(reverse("referrals:dashboard"))
    assert response.status_code == 200
    (row,) = response.context["activity_statistics"]
    assert (row["activities"], row["places"], row["signups"]) == (2, 6, 2)
    assert (row["first_timers"], row["came_back"]) == (1, 1)
    assert 'id="activities-statistics"' in response.content.decode()
