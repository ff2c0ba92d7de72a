"""Finding 8 (network part): course moderation with a malformed id or action answers 400, not
500, and changes nothing; only "approve" and "reject" are actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from brobygger.network import services
from brobygger.network.models import Course

MODERATE = "/netvaerk/kurser/moderering/"


@pytest.fixture
def pending(people):
    return services.course_submit(
        user=people["editor"],
        title="Samtaler om ensomhed",
        organiser="Frivilligcenter Aarhus",
        starts_on=timezone.localdate() + dt.timedelta(days=10),
        place="Mejlgade 1",
    )


@pytest.mark.parametrize("course", ["not-a-uuid", "", "1' OR '1'='1", "12345"])
def test_it_answers_400_to_a_malformed_course_id(people, client, pending, course):
    client.force_login(people["administrator"])
    response = client.post(MODERATE, {"course": course, "action": "approve"})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.state == Course.State.PENDING


def test_it_answers_400_without_a_course(people, client, pending):
    client.force_login(people["administrator"])
    assert client.post(MODERATE, {"action": "approve"}).status_code == 400


def test_it_answers_400_to_an_unknown_action_and_does_not_reject(people, client, pending):
    client.force_login(people["administrator"])
    response = client.post(MODERATE, {"course": str(pending.pk), "action": "aprove"})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.state == Course.State.PENDING


def test_it_answers_404_to_an_unknown_course(people, client, pending):
    client.force_login(people["administrator"])
    response = client.post(
        MODERATE, {"course": "00000000-0000-4000-8000-000000000000", "action": "approve"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("action, state", [("approve", "approved"), ("reject", "rejected")])
def test_it_still_approves_and_rejects(people, client, pending, action, state):
    client.force_login(people["administrator"])
    response = client.post(MODERATE, {"course": str(pending.pk), "action": action})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == state


def test_it_still_refuses_anyone_but_the_administrator(people, client, pending):
    client.force_login(people["editor"])
    response = client.post(MODERATE, {"course": "not-a-uuid", "action": "approve"})
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.state == Course.State.PENDING
