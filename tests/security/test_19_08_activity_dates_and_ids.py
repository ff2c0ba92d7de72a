"""Finding 19.8 (activities): out-of-range dates in the calendar and the printed week gave
anonymous 500s, and moderation POSTs with a malformed id gave 500."""

from __future__ import annotations

import pytest

from brobygger.activities import services
from tests.activities.factories import activity_input

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/aktiviteter/kalender/?start=0001-01-01&view=month",
        "/aktiviteter/kalender/?start=0001-01-01",
        "/aktiviteter/kalender/?start=9999-12-31&view=month",
        "/aktiviteter/kalender/?start=9999-12-31",
        "/aktiviteter/naer-dig.pdf?postcode=8000&start=9999-12-31",
        "/aktiviteter/naer-dig.pdf?postcode=8000&start=0001-01-01",
    ],
)
def test_it_answers_an_out_of_range_date_without_a_server_error(client, seeded, url):
    response = client.get(url)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("value", ["not-a-uuid", "", "1' OR '1'='1"])
def test_moderation_with_a_malformed_id_is_a_client_error(client, people, value):
    client.force_login(people["broker"])
    response = client.post("/aktiviteter/godkendelse/", {"activity": value, "decision": "approve"})
    assert response.status_code in (302, 400, 404)


def test_moderation_with_a_good_id_still_approves(client, people):
    activity = services.activity_create(user=people["citizen"], data=activity_input())
    client.force_login(people["broker"])
    response = client.post(
        "/aktiviteter/godkendelse/", {"activity": str(activity.pk), "decision": "approve"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.state == "published"


@pytest.mark.parametrize(
    ("url", "field"),
    [("/aktiviteter/foelgevenner/", "signup"), ("/aktiviteter/frivillig/", "remove")],
)
def test_other_management_posts_with_a_malformed_id_are_client_errors(client, people, url, field):
    from django.contrib.auth.models import Group

    from brobygger.accounts.roles import GROUP_VOLUNTEER

    people["broker"].groups.add(Group.objects.get_or_create(name=GROUP_VOLUNTEER)[0])
    client.force_login(people["broker"])
    assert client.post(url, {field: "not-a-uuid"}).status_code in (302, 400, 404)
