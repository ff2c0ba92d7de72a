"""The JSON API: list, create, read, sign up (201 / waiting list), cancel, and the rate limit."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from brobygger.accounts.tokens import token_create
from brobygger.activities import services
from brobygger.activities.models import MAX_CAPACITY
from tests.activities.factories import activity_input


def test_a_signup_through_the_api_is_confirmed_then_waitlisted(client, activity):
    url = f"/api/v1/activities/{activity.pk}/signups"
    bodies = [
        client.post(url, {"name": f"P{n}", "email": f"p{n}@example.org"},
                    content_type="application/json")
        for n in range(4)
    ]  # fmt: skip
    assert [b.status_code for b in bodies] == [201] * 4
    assert [b.json()["status"] for b in bodies] == ["confirmed"] * 3 + ["waitlisted"]
    assert bodies[3].json()["position"] == 1
    detail = client.get(f"/api/v1/activities/{activity.pk}").json()
    assert (detail["confirmed_count"], detail["waitlist_count"]) == (3, 1)
    cancelled = client.post(
        "/api/v1/activities/signups/cancel",
        {"cancel_token": bodies[0].json()["cancel_token"]},
        content_type="application/json",
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    detail = client.get(f"/api/v1/activities/{activity.pk}").json()
    assert (detail["confirmed_count"], detail["waitlist_count"]) == (3, 0)


def test_a_retry_with_the_same_client_reference_returns_the_first(client, activity):
    url = f"/api/v1/activities/{activity.pk}/signups"
    body = {"name": "P", "email": "p@example.org", "client_reference": str(uuid.uuid4())}
    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["cancel_token"] == ""
    assert activity.signups.count() == 1


def test_the_rate_limit_allows_an_office_group_and_stops_a_flood(client, make_activity, settings):
    settings.ACTIVITIES_SIGNUP_LIMIT = 30
    settings.ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT = 30  # here: the limit over all activities
    target = make_activity(capacity=None)
    url = f"/api/v1/activities/{target.pk}/signups"
    codes = [
        client.post(url, {"name": f"P{n}", "email": f"p{n}@example.org"},
                    content_type="application/json").status_code
        for n in range(31)
    ]  # fmt: skip
    assert codes[:30] == [201] * 30 and codes[30] == 429


def test_creating_needs_authentication_and_a_token_works(client, people):
    starts = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    body = {
        "title": "Gåtur",
        "description": "Vi går en tur.",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
        "capacity": None,
        "place_name": "Søen",
        "address": "Sejlklubvej 1",
        "postcode": "8220",
        "languages": ["da"],
        "welcome": "",
        "hosting": "",
        "meet_again": "",
    }
    assert (
        client.post("/api/v1/activities/", body, content_type="application/json").status_code == 401
    )
    token = token_create(user=people["citizen"], name="test", days=1)
    response = client.post(
        "/api/v1/activities/", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["state"] == "submitted"


def test_a_time_without_an_offset_is_refused_naming_the_field(client, people):
    client.force_login(people["editor"])
    body = {"title": "X", "description": "Y", "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T11:00", "address": "Mejlgade 1"}  # fmt: skip
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 400
    assert "starts_at" in str(response.json()["detail"])


def test_the_list_shows_published_upcoming_only(client, activity, people):
    from brobygger.activities import services
    from tests.activities.factories import activity_input

    services.activity_create(user=people["citizen"], data=activity_input(title="Venter"))
    titles = [a["title"] for a in client.get("/api/v1/activities/").json()]
    assert titles == [activity.title]


def _activity_body(**extra):
    starts = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    body = {"title": "Gåtur", "description": "Vi går en tur.", "address": "Sejlklubvej 1",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=1)).isoformat()}  # fmt: skip
    body.update(extra)
    return body


def _is_validation_error(response, field: str) -> bool:
    detail = response.json()["detail"]
    return (
        response.status_code == 400
        and isinstance(detail, list)
        and all(set(item) == {"type", "loc", "msg"} for item in detail)
        and any(item["loc"][-1] == field for item in detail)
    )


def test_the_schema_says_a_sign_up_needs_an_e_mail_or_a_phone_and_the_server_agrees(
    client, activity
):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["SignUpIn"]
    assert sorted(option["required"][0] for option in schema["anyOf"]) == ["email", "phone"]
    url = f"/api/v1/activities/{activity.pk}/signups"
    for body in ({"name": "A"}, {"name": "A", "email": "", "phone": ""}):
        response = client.post(url, body, content_type="application/json")
        assert _is_validation_error(response, "phone"), body
    assert client.post(url, {"name": "A", "email": "a@example.org"},
                       content_type="application/json").status_code == 201  # fmt: skip
    assert client.post(url, {"name": "B", "phone": "20304050"},
                       content_type="application/json").status_code == 201  # fmt: skip


def test_a_service_refusal_has_the_same_shape_as_a_schema_refusal(client, activity):
    url = f"/api/v1/activities/{activity.pk}/signups"
    response = client.post(url, {"name": "A", "phone": "+882 1234 5678"},
                           content_type="application/json")  # fmt: skip
    assert _is_validation_error(response, "phone")
    response = client.post(url, {"name": "A", "email": "not-an-address"},
                           content_type="application/json")  # fmt: skip
    assert _is_validation_error(response, "email")


def test_an_activity_ends_after_it_starts_and_has_an_address_or_a_link(client, people):
    client.force_login(people["editor"])
    body = _activity_body()
    body["ends_at"] = body["starts_at"]
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert _is_validation_error(response, "ends_at")
    response = client.post("/api/v1/activities/", _activity_body(address=""),
                           content_type="application/json")  # fmt: skip
    assert _is_validation_error(response, "online_url")
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ActivityIn"]
    assert sorted(o["required"][0] for o in schema["anyOf"]) == ["address", "online_url"]


def test_an_activity_takes_a_price_and_an_online_link_as_the_web_form_does(client, people):
    client.force_login(people["editor"])
    body = _activity_body(address="", online_url="https://meet.example.org/gaatur",
                          price_dkk="25.00")  # fmt: skip
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 201
    detail = client.get(f"/api/v1/activities/{response.json()['id']}").json()
    assert detail["online_url"] == "https://meet.example.org/gaatur"
    assert detail["price_dkk"] in ("25.00", 25.0, "25")
    response = client.post("/api/v1/activities/", _activity_body(online_url="javascript:x"),
                           content_type="application/json")  # fmt: skip
    assert _is_validation_error(response, "online_url")


def test_the_schema_states_the_places_limit_the_server_keeps(client, people):
    """schemathesis found it: the document allowed any number of places, and a number past the
    database column was refused. One limit now, stated in the document."""
    client.force_login(people["editor"])
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ActivityIn"]
    limit = next(o["maximum"] for o in schema["properties"]["capacity"]["anyOf"] if "maximum" in o)
    assert limit == MAX_CAPACITY
    response = client.post("/api/v1/activities/", _activity_body(capacity=limit + 1),
                           content_type="application/json")  # fmt: skip
    assert _is_validation_error(response, "capacity")
    response = client.post("/api/v1/activities/", _activity_body(capacity=limit),
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    with pytest.raises(services.ActivityError) as refused:
        services.activity_create(user=people["editor"], data=activity_input(capacity=limit + 1))
    assert "capacity" in refused.value.errors


def test_any_offset_iso_8601_allows_is_the_same_instant(client, people):
    """schemathesis found it: "+21:44" is valid ISO 8601, and PostgreSQL refused it (a 500)."""
    client.force_login(people["editor"])
    starts = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    far_east = dt.timezone(dt.timedelta(hours=21, minutes=44))
    ends = starts + dt.timedelta(hours=1)
    body = _activity_body(
        starts_at=starts.astimezone(far_east).isoformat(),
        ends_at=ends.astimezone(far_east).isoformat(),
    )
    assert "+21:44" in body["starts_at"]
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    stored = client.get(f"/api/v1/activities/{response.json()['id']}").json()
    assert dt.datetime.fromisoformat(stored["starts_at"]) == starts


def test_every_activities_operation_declares_the_errors_it_gives(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        (path, method): op
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/activities")
        for method, op in item.items()
    }
    assert len(operations) == 5
    for (path, method), op in operations.items():
        assert "400" in op["responses"], (path, method)
        if op.get("security"):
            assert "401" in op["responses"], (path, method)
        if "{activity_id}" in path:
            assert "404" in op["responses"], (path, method)
    error = schema["components"]["schemas"]["ValidationErrorOut"]
    assert error["properties"]["detail"]["type"] == "array"
