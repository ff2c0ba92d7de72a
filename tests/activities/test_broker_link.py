"""The broker signs a case's citizen up (consent checked), from the activity or from the page of
activities that suit the case, and the host's "came" closes the same loop as a referral's first
visit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygger.activities import services, signups
from brobygger.activities.broker import activities_for_case, signup_from_case
from brobygger.activities.models import Activity
from brobygger.directory.models import Initiative
from brobygger.referrals import services as referral_services
from brobygger.referrals.models import AccessLogEntry, Arena, Case, Referral
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


def _held(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )


def test_it_signs_up_a_case_and_came_confirms_the_first_visit(people, case, make_activity):
    ventilen = Initiative.objects.get(name="Ventilen")
    activity = make_activity(initiative_id=ventilen.pk)
    result = signup_from_case(case=case, activity=activity, user=people["broker"])
    result.signup.refresh_from_db()
    assert result.signup.name == "Anna Andersen" and result.signup.case_id == case.pk
    referral = result.signup.referral
    assert referral is not None and referral.initiative_id == ventilen.pk
    assert Case.objects.get(pk=case.pk).state == "matched"
    _held(activity)
    result.signup.refresh_from_db()
    services.attendance_record(signup=result.signup, came=True)
    referral.refresh_from_db()
    assert referral.first_visit_at is not None and referral.first_visit_by == people["editor"]
    assert Case.objects.get(pk=case.pk).state == "first_visit"


def test_it_moves_the_case_itself_when_the_activity_has_no_initiative(people, case, activity):
    result = signup_from_case(case=case, activity=activity, user=people["broker"])
    assert result.signup.referral_id is None and not Referral.objects.filter(case=case).exists()
    _held(activity)
    result.signup.refresh_from_db()
    services.attendance_record(signup=result.signup, came=True)
    assert Case.objects.get(pk=case.pk).state == "first_visit"


def test_it_makes_no_second_referral_for_a_citizen_signed_up_already(people, case, make_activity):
    activity = make_activity(initiative_id=Initiative.objects.get(name="Ventilen").pk)
    first = signup_from_case(case=case, activity=activity, user=people["broker"])
    again = signup_from_case(case=case, activity=activity, user=people["broker"])
    assert not again.created and again.signup.pk == first.signup.pk
    assert Referral.objects.filter(case=case).count() == 1


def test_no_sign_up_after_consent_is_withdrawn(people, case, activity):
    referral_services.consent_withdraw(case=case)
    case.refresh_from_db()
    with pytest.raises(ReferralError):
        signup_from_case(case=case, activity=activity, user=people["broker"])
    assert not activity.signups.exists()


def test_it_lets_the_host_mark_came_after_the_consent_is_withdrawn(people, case, make_activity):
    activity = make_activity(initiative_id=Initiative.objects.get(name="Ventilen").pk)
    result = signup_from_case(case=case, activity=activity, user=people["broker"])
    referral_services.consent_withdraw(case=case)
    _held(activity)
    result.signup.refresh_from_db()
    services.attendance_record(signup=result.signup, came=True)  # the host is not refused
    result.signup.refresh_from_db()
    assert result.signup.came is True
    assert Referral.objects.get(case=case).first_visit_at is None
    assert Case.objects.get(pk=case.pk).state == "closed"


@pytest.mark.parametrize("typed", [str, str.upper], ids=["as-stored", "upper-case"])
def test_it_signs_up_a_case_by_its_reference_in_any_case(client, people, case, activity, typed):
    client.force_login(people["broker"])
    response = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld-sag/", {"case": f" {typed(case.pseudonym)} "}
    )
    assert response.status_code == 302 and response.url == f"/aktiviteter/{activity.pk}/"
    (signup,) = activity.signups.all()
    assert signup.case_id == case.pk and signup.name == "Anna Andersen"


def test_it_answers_404_for_an_unknown_reference(client, people, activity):
    client.force_login(people["broker"])
    response = client.post(f"/aktiviteter/{activity.pk}/tilmeld-sag/", {"case": "0123456789ab"})
    assert response.status_code == 404 and not activity.signups.exists()


def test_it_lists_the_upcoming_activities_that_suit_the_case(people, case, make_activity):
    """Anna: 16-29, postcode 8000, Danish. Bo: 75+, postcode 8210 (area 82..), English."""
    now = timezone.now()
    make_activity(title="Senere", starts_at=now + dt.timedelta(days=9),
                  ends_at=now + dt.timedelta(days=9, hours=2))  # fmt: skip
    make_activity(title="Snart")
    make_activity(title="Aarhus N", postcode="8200", languages=["da", "en"])
    make_activity(title="For ældre i Aarhus N", postcode="8200", minimum_age=60, languages=[])
    make_activity(title="For unge i Aarhus N", postcode="8200", maximum_age=25, languages=[])
    make_activity(title="Kun engelsk", languages=["en"])
    make_activity(title="Online", place_name="", address="", postcode="",
                  online_url="https://example.org/m", languages=["da"])  # fmt: skip
    started = make_activity(title="I gang")
    Activity.objects.filter(pk=started.pk).update(
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=1)
    )
    titles = [a.title for a in activities_for_case(case=case)]
    assert sorted(titles[:2]) == ["Online", "Snart"] and titles[2:] == ["Senere"]
    assert [a.title for a in activities_for_case(case=case, limit=1)] == titles[:1]
    bo, _ = referral_services.referral_submit(
        user=people["staff"],
        arena=Arena.objects.get(name="Jobcenter Aarhus"),
        citizen_fields=citizen("Bo Berg", postcode="8210", age_band="75+", language="en"),
        consent=referral_services.ConsentGiven(),
    )
    assert {a.title for a in activities_for_case(case=bo)} == {"Aarhus N", "For ældre i Aarhus N"}


def test_it_links_the_case_page_to_the_activities_that_suit_it(client, people, case):
    client.force_login(people["broker"])
    page = client.get(reverse("referrals:case", args=[case.pk])).content.decode()
    assert f'href="/aktiviteter/sag/{case.pk}/"' in page


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff", "editor", "administrator"])
def test_it_keeps_the_activities_for_a_case_from_other_roles(client, people, case, role):
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get(f"/aktiviteter/sag/{case.pk}/")
    assert response.status_code in (302, 403)
    assert "Anna" not in response.content.decode()


def test_it_signs_up_from_the_case_page_with_company_and_returns_there(
    client, people, case, make_activity
):
    activity = make_activity(initiative_id=Initiative.objects.get(name="Ventilen").pk)
    client.force_login(people["broker"])
    url = f"/aktiviteter/sag/{case.pk}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and list(page.context["activities"]) == [activity]
    assert AccessLogEntry.objects.filter(citizen=case.citizen, user=people["broker"]).exists()
    response = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld-sag/",
        {"case": case.pseudonym, "wants_company": "on", "back": "case"},
    )
    assert response.status_code == 302 and response.url == url
    (signup,) = activity.signups.all()
    assert signup.wants_company and signup.referral.initiative == activity.initiative
    after = client.get(url)
    assert [s.pk for s in after.context["signups"]] == [signup.pk]
    assert f'href="/aktiviteter/{activity.pk}/"' in after.content.decode()


def test_the_evaluation_dashboard_counts_activities_per_month(client, people, make_activity):
    first = make_activity()
    signups.signup_create(activity=first, name="A", email="a@example.org")
    signups.signup_create(activity=make_activity(title="Igen"), name="A", email="a@example.org")
    client.force_login(people["analyst"])
    response = client.get(reverse("insights:evaluation"))
    assert response.status_code == 200
    (row,) = response.context["activity_statistics"]
    assert (row["activities"], row["places"], row["signups"]) == (2, 6, 2)
    assert (row["first_timers"], row["came_back"]) == (1, 1)
    assert 'id="activities-statistics"' in response.content.decode()
