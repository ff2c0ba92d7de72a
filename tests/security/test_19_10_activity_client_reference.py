"""Finding 19.10: replaying another caller's ``client_reference`` returned the first person's
status and waiting position. A reference matches only for the same caller: the same signed-in
user, or, for anonymous callers, the same person's contact."""

from __future__ import annotations

import uuid

import pytest

from brobygger.activities import signups
from brobygger.activities.models import SignUp

pytestmark = pytest.mark.django_db


def _post(client, activity, **body):
    return client.post(
        f"/api/v1/activities/{activity.pk}/signups", body, content_type="application/json"
    )


def test_another_caller_replaying_a_reference_does_not_get_the_first_persons_sign_up(
    client, activity
):
    for n in range(3):
        _post(client, activity, name=f"P{n}", email=f"p{n}@example.org")
    key = str(uuid.uuid4())
    first = _post(client, activity, name="Lis", email="lis@example.org", client_reference=key)
    assert first.json()["status"] == "waitlisted"
    replay = _post(
        client, activity, name="Mallory", email="mallory@example.org", client_reference=key
    )
    assert replay.status_code == 201  # a sign-up of Mallory's own
    assert replay.json()["position"] == 2
    assert SignUp.objects.get(email="lis@example.org").name == "Lis"
    assert SignUp.objects.filter(client_reference=key).count() == 2


def test_the_same_person_retrying_gets_their_sign_up_back(client, activity):
    key = str(uuid.uuid4())
    first = _post(client, activity, name="Lis", email="lis@example.org", client_reference=key)
    again = _post(client, activity, name="Lis", email="lis@example.org", client_reference=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["status"] == "confirmed"
    assert SignUp.objects.count() == 1


def test_a_signed_in_caller_matches_only_their_own_references(activity, people):
    key = uuid.uuid4()
    first = signups.signup_create(
        activity=activity,
        name="Lis",
        email="lis@example.org",
        client_reference=key,
        submitter=people["staff"],
    )
    other = signups.signup_create(
        activity=activity,
        name="Ole",
        email="ole@example.org",
        client_reference=key,
        submitter=people["citizen"],
    )
    assert other.created and other.signup.pk != first.signup.pk
    again = signups.signup_create(
        activity=activity,
        name="Lis",
        email="lis@example.org",
        client_reference=key,
        submitter=people["staff"],
    )
    assert not again.created and again.signup.pk == first.signup.pk
