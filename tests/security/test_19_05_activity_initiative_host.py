"""Finding 19.5: anyone signed in could publish an activity under another organisation's
initiative (shown as that organisation in JSON-LD and in its editors' list). An activity names
an initiative only when its creator hosts it: an editor of the initiative's organisation, a
broker or an administrator. The moderation page shows the organisation and the initiative."""

from __future__ import annotations

import datetime as dt

import pytest

from brobygger.activities import services
from brobygger.activities.models import Activity
from brobygger.directory.models import Initiative, Organization
from tests.activities.factories import activity_input

pytestmark = pytest.mark.django_db


def _aeldre_sagen_initiative():
    return Initiative.objects.filter(organization__name="Ældre Sagen").first()


@pytest.mark.parametrize("role", ["citizen", "editor", "staff"])
def test_it_refuses_an_initiative_the_user_does_not_host(people, role):
    initiative = _aeldre_sagen_initiative()
    with pytest.raises(services.ActivityError) as caught:
        services.activity_create(
            user=people[role], data=activity_input(initiative_id=initiative.pk)
        )
    assert "initiative_id" in caught.value.errors
    assert not Activity.objects.exists()


def test_it_refuses_it_through_the_api(client, people):
    initiative = _aeldre_sagen_initiative()
    client.force_login(people["citizen"])
    starts = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=5)
    body = {
        "title": "Falsk",
        "description": "X",
        "address": "Mejlgade 1",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
        "initiative_id": str(initiative.pk),
    }
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not host this initiative."}
    assert not Activity.objects.exists()


def test_it_answers_404_for_an_initiative_that_does_not_exist(client, people):
    client.force_login(people["editor"])
    starts = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=5)
    body = {
        "title": "Ukendt",
        "description": "X",
        "address": "Mejlgade 1",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
        "initiative_id": "00000000-0000-4000-8000-000000000000",
    }
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 404
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", ["other_editor", "broker", "administrator"])
def test_the_hosts_of_the_initiative_may_name_it(people, role):
    initiative = _aeldre_sagen_initiative()
    activity = services.activity_create(
        user=people[role], data=activity_input(initiative_id=initiative.pk)
    )
    assert activity.initiative_id == initiative.pk
    assert activity.organization_id == initiative.organization_id


def test_an_organisation_and_an_initiative_must_agree(people):
    initiative = _aeldre_sagen_initiative()
    ventilen = Organization.objects.get(name="Ventilen")
    with pytest.raises(services.ActivityError) as caught:
        services.activity_create(
            user=people["administrator"],
            data=activity_input(organization_id=ventilen.pk, initiative_id=initiative.pk),
        )
    assert "initiative_id" in caught.value.errors


def test_the_moderation_page_shows_the_organisation_and_the_initiative(client, people):
    # a citizen's activity naming nothing, and one the broker could see named
    services.activity_create(user=people["citizen"], data=activity_input(title="Borgerens"))
    initiative = _aeldre_sagen_initiative()
    named = services.activity_create(
        user=people["other_editor"], data=activity_input(initiative_id=initiative.pk)
    )
    Activity.objects.filter(pk=named.pk).update(state=Activity.State.SUBMITTED)
    client.force_login(people["broker"])
    page = client.get("/aktiviteter/godkendelse/").content.decode()
    assert initiative.name in page and "Ældre Sagen" in page
