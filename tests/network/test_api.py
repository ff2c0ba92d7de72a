"""The network API: slots, bookings (201, 409 when full, a retried client_reference lands once)
and the graph in exactly its documented shape."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from brobygger.network.models import VisitBooking
from tests.network.conftest import future

API = "/api/v1/network"


def _slot_body(initiative, *, places=2, welcome=True):
    starts = future(5)
    return {
        "initiative_id": str(initiative.pk),
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "places": places,
        "citizens_welcome": welcome,
        "description": "Strikkecafé",
    }


def test_it_creates_a_slot_for_the_host_and_refuses_others(network, client):
    body = _slot_body(network["ventilen"])
    client.force_login(network["people"]["other_editor"])
    assert client.post(f"{API}/slots", body, content_type="application/json").status_code == 403
    client.force_login(network["people"]["editor"])
    response = client.post(f"{API}/slots", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["places"] == 2 and data["places_left"] == 2
    assert data["initiative"] == "Ventilen" and data["citizens_welcome"] is True


def test_it_rejects_a_slot_ending_before_it_starts_naming_the_field(network, client):
    body = _slot_body(network["ventilen"])
    body["ends_at"], body["starts_at"] = body["starts_at"], body["ends_at"]
    client.force_login(network["people"]["editor"])
    response = client.post(f"{API}/slots", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("ends_at:")


def test_it_reads_a_time_without_a_zone_as_local_time(network, client):
    body = _slot_body(network["ventilen"])
    body["starts_at"], body["ends_at"] = body["starts_at"][:16], body["ends_at"][:16]
    client.force_login(network["people"]["editor"])
    response = client.post(f"{API}/slots", body, content_type="application/json")
    assert response.status_code == 201, response.content
    returned = dt.datetime.fromisoformat(response.json()["starts_at"].replace("Z", "+00:00"))
    assert returned == timezone.make_aware(dt.datetime.fromisoformat(body["starts_at"]))


def test_it_lists_upcoming_slots_with_places_left(network, client):
    client.force_login(network["people"]["staff"])
    slots = client.get(f"{API}/slots").json()
    assert [(s["id"], s["places_left"]) for s in slots] == [(str(network["slot"].pk), 3)]


def test_it_books_with_201_and_answers_409_when_full(network, client):
    client.force_login(network["people"]["staff"])
    url = f"{API}/slots/{network['slot'].pk}/bookings"
    body = {"visitor_arena_id": str(network["jobcenter"].pk), "visitors": 2, "citizens": 1}
    first = client.post(url, {**body, "calm_welcome": True}, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["citizens"] == 1 and first.json()["calm_welcome"] is True
    full = client.post(url, {**body, "citizens": 0, "visitors": 1}, content_type="application/json")
    assert full.status_code == 409
    assert VisitBooking.objects.filter(slot=network["slot"]).count() == 2


def test_it_stores_a_retried_booking_once(network, client):
    client.force_login(network["people"]["staff"])
    url = f"{API}/slots/{network['slot'].pk}/bookings"
    body = {
        "visitor_arena_id": str(network["jobcenter"].pk),
        "visitors": 1,
        "client_reference": str(uuid.uuid4()),
    }
    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert VisitBooking.objects.filter(client_reference=body["client_reference"]).count() == 1


def test_it_refuses_to_book_from_someone_elses_initiative(network, client):
    client.force_login(network["people"]["volunteer"])
    url = f"{API}/slots/{network['slot'].pk}/bookings"
    body = {"visitor_initiative_id": str(network["ventilen"].pk), "visitors": 1}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("visitor_initiative_id:")


def test_it_refuses_citizens_on_a_slot_for_staff_only(network, client):
    client.force_login(network["people"]["editor"])
    slot_id = client.post(
        f"{API}/slots",
        _slot_body(network["ventilen"], welcome=False),
        content_type="application/json",
    ).json()["id"]
    client.force_login(network["people"]["staff"])
    body = {"visitor_arena_id": str(network["jobcenter"].pk), "visitors": 1, "citizens": 1}
    response = client.post(f"{API}/slots/{slot_id}/bookings", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith("citizens:")


def test_it_returns_the_graph_in_exactly_the_documented_shape(network, client):
    client.force_login(network["people"]["analyst"])
    data = client.get(f"{API}/graph").json()
    assert set(data) == {"nodes", "edges"}
    assert all(set(node) == {"id", "name"} for node in data["nodes"])
    names = {node["id"]: node["name"] for node in data["nodes"]}
    edges = {(names[e["from"]], names[e["to"]]): e["visits"] for e in data["edges"]}
    assert all(set(e) == {"from", "to", "visits"} for e in data["edges"])
    assert edges == {
        ("Jobcenter Aarhus", "Ventilen"): 1,
        ("Ældre Sagens Besøgstjeneste", "Ventilen"): 1,
    }


def test_it_leaves_cancelled_bookings_out_of_the_graph(network, client):
    from brobygger.network import services

    services.booking_cancel(user=network["people"]["editor"], booking=network["future_booking"])
    client.force_login(network["people"]["staff"])
    data = client.get(f"{API}/graph").json()
    assert [e["visits"] for e in data["edges"]] == [1]
    assert {n["name"] for n in data["nodes"]} == {"Jobcenter Aarhus", "Ventilen"}


@pytest.mark.parametrize("path", ["/slots", "/graph"])
def test_it_asks_anonymous_callers_to_authenticate(db, client, path):
    assert client.get(API + path).status_code == 401


def test_it_documents_the_operations_in_the_openapi_schema(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    booking = paths[f"{API}/slots/{{slot_id}}/bookings"]["post"]
    assert {"201", "409"} <= set(booking["responses"])
    assert {f"{API}/slots", f"{API}/graph"} <= set(paths)
