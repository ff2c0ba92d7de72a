"""Pages: a citizen's activity stays hidden until approved; the list filters; signing up and
cancelling through the forms; only the host sees who is coming."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from brobygger.activities import services, signups
from brobygger.activities.models import Activity
from tests.activities.factories import activity_input


@pytest.fixture
def citizens_activity(people):
    return services.activity_create(user=people["citizen"], data=activity_input(title="Strik"))


def test_a_citizens_activity_stays_hidden_until_approved(client, people, citizens_activity):
    assert citizens_activity.state == "submitted"
    listing = client.get("/aktiviteter/")
    assert listing.status_code == 200  # the list itself, not an error page
    assert "activities/index.html" in [t.name for t in listing.templates]
    assert "Strik" not in listing.content.decode()
    assert client.get(f"/aktiviteter/{citizens_activity.pk}/").status_code in (302, 403)
    assert client.get(f"/api/v1/activities/{citizens_activity.pk}").status_code == 404
    client.force_login(people["broker"])
    response = client.post(
        "/aktiviteter/godkendelse/",
        {"activity": citizens_activity.pk, "decision": "approve"},
    )
    assert response.status_code == 302
    client.logout()
    assert "Strik" in client.get("/aktiviteter/").content.decode()


def test_a_refusal_needs_a_reason_the_host_sees(client, people, citizens_activity):
    with pytest.raises(services.ActivityError):
        services.activity_refuse(activity=citizens_activity, user=people["broker"], reason=" ")
    services.activity_refuse(
        activity=citizens_activity, user=people["broker"], reason="Mangler adresse"
    )
    client.force_login(people["citizen"])
    assert "Mangler adresse" in client.get("/aktiviteter/mine/").content.decode()


def test_an_editor_publishes_for_their_organisation_at_once(activity):
    assert activity.state == "published"


def test_a_citizen_may_not_approve(client, people, citizens_activity):
    client.force_login(people["citizen"])
    client.post(
        "/aktiviteter/godkendelse/", {"activity": citizens_activity.pk, "decision": "approve"}
    )
    citizens_activity.refresh_from_db()
    assert citizens_activity.state == "submitted"


def test_the_list_filters_by_postcode_and_day(client, make_activity):
    soon_at = timezone.now() + dt.timedelta(hours=20)
    soon = make_activity(
        title="I morgen", starts_at=soon_at, ends_at=soon_at + dt.timedelta(hours=1),
        postcode="8200",
    )  # fmt: skip
    later = make_activity(title="Senere")
    page = client.get("/aktiviteter/?postcode=8200").content.decode()
    assert soon.title in page and later.title not in page
    page = client.get("/aktiviteter/?when=week").content.decode()
    assert soon.title in page and later.title in page


@pytest.mark.parametrize("view", ["week", "month"])
def test_the_calendar_shows_the_activity_on_its_day(client, activity, view):
    day = timezone.localtime(activity.starts_at).date().isoformat()
    page = client.get(f"/aktiviteter/kalender/?view={view}&start={day}").content.decode()
    assert activity.title in page


def test_signing_up_and_cancelling_through_the_pages(client, activity):
    response = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld/",
        {"name": "Ane", "email": "ane@example.org", "wants_company": "on"},
    )
    assert response.status_code == 201
    token = response.context["result"].cancel_token
    assert token in response.content.decode()
    assert len(mail.outbox) == 1
    assert client.post("/aktiviteter/afmeld/", {"code": token}).status_code == 200
    assert signups.confirmed_count(activity) == 0
    assert client.post("/aktiviteter/afmeld/", {"code": token}).status_code == 404


def test_a_sign_up_without_any_contact_is_refused_and_saves_nothing(client, activity):
    response = client.post(f"/aktiviteter/{activity.pk}/tilmeld/", {"name": "Ane"})
    assert response.status_code == 400
    assert not activity.signups.exists()


@pytest.mark.parametrize(
    ("role", "sees"),
    [("editor", True), ("other_editor", False), ("broker", False), ("citizen", False),
     ("administrator", False)],
)  # fmt: skip
def test_only_the_host_sees_who_is_coming(client, people, activity, role, sees):
    signups.signup_create(activity=activity, name="Ane Hemmelig", email="ane@example.org")
    client.force_login(people[role])
    response = client.get(f"/aktiviteter/{activity.pk}/deltagere/")
    assert (response.status_code == 200) == sees
    assert ("Ane Hemmelig" in response.content.decode()) == sees


def test_the_host_marks_who_came_only_after_the_start(client, people, activity):
    result = signups.signup_create(activity=activity, name="Ane", email="ane@example.org")
    with pytest.raises(services.ActivityError):
        services.attendance_record(signup=result.signup, came=True)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    client.force_login(people["editor"])
    client.post(f"/aktiviteter/{activity.pk}/deltagere/{result.signup.pk}/", {"came": "yes"})
    result.signup.refresh_from_db()
    assert result.signup.came is True


def test_a_citizen_makes_an_account_confirmed_by_a_one_time_link(client, db):
    import re

    from django.contrib.auth import get_user_model

    response = client.post("/aktiviteter/konto/", {"name": "Ane Vært", "email": "Ane@Example.org"})
    assert response.status_code == 200
    user = get_user_model().objects.get(email="ane@example.org")
    assert not user.is_active and not user.has_usable_password()
    code = re.search(r"/aktiviteter/konto/bekraeft/#kode=(\S+)", mail.outbox[0].body).group(1)
    chosen = {"code": code, "new_password1": "en-lang-adgangskode-42",
              "new_password2": "en-lang-adgangskode-42"}  # fmt: skip
    assert client.post("/aktiviteter/konto/bekraeft/", chosen).status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.check_password("en-lang-adgangskode-42")
    client.logout()
    assert client.post("/aktiviteter/konto/bekraeft/", chosen).status_code == 404  # once


def test_asking_again_for_a_taken_address_reveals_nothing(client, people):
    response = client.post(
        "/aktiviteter/konto/",
        {"name": "X", "email": people["citizen"].email},
    )
    assert response.status_code == 200 and response.context["sent"]
    assert (
        "/konto/bekraeft/" not in mail.outbox[0].body and "/konto/log-ind/" in mail.outbox[0].body
    )
