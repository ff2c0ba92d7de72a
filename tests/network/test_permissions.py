"""The network's permission matrix: every permission for every role, as rules and as HTTP."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from brobygger.network.models import Idea, VisitNote
from brobygger.network.rules import PERMISSIONS
from tests.network.conftest import ALL_ROLES

EVERYONE = set(ALL_ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
MEMBERS = {"staff", "editor", "other_editor", "volunteer", "broker", "administrator"}
MATRIX = [
    ("network.view_visits", None, MEMBERS),
    ("network.offer_slot", "ventilen", {"editor"}),
    ("network.offer_slot", "visits", {"other_editor"}),
    ("network.book_slot", "slot", {"staff", "other_editor", "volunteer"}),
    ("network.manage_slot", "slot", {"editor"}),
    ("network.confirm_booking", "past_booking", {"editor"}),
    ("network.confirm_booking", "future_booking", {"editor"}),
    ("network.cancel_booking", "past_booking", set()),  # it has taken place
    ("network.cancel_booking", "future_booking", {"editor", "other_editor", "volunteer"}),
    ("network.write_note", "past_booking", {"staff"}),
    ("network.write_note", "future_booking", set()),
    ("network.view_notes", "past_booking", {"editor", "staff"}),
    ("network.view_notes", "future_booking", {"editor", "other_editor", "volunteer"}),
    ("network.view_graph", None, MEMBERS | {"analyst"}),
    ("network.view_courses", None, EVERYONE),
    ("network.add_course", None, {"editor", "other_editor", "administrator"}),
    ("network.moderate_courses", None, {"administrator"}),
    ("network.view_ideas", None, EVERYONE),
    ("network.support_idea", None, SIGNED_IN),
    ("network.offer_to_take_part", None, SIGNED_IN),
    ("network.change_idea", None, {"administrator"}),
]


def test_it_covers_every_declared_network_permission():
    assert {perm for perm, _obj, _roles in MATRIX} == set(PERMISSIONS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_it_grants_exactly_the_declared_roles(network, role):
    user = network["people"][role] or AnonymousUser()
    wrong = [
        f"{permission} on {obj}: expected {role in allowed}"
        for permission, obj, allowed in MATRIX
        if rules.has_perm(permission, user, network.get(obj)) is not (role in allowed)
    ]
    assert not wrong, wrong


def _pages(n):
    idea = Idea.objects.create(title="Fællesspisning")
    past, future = n["past_booking"].pk, n["future_booking"].pk
    api = "/api/v1/network"
    return [
        ("get", "/netvaerk/", MEMBERS),
        ("get", "/netvaerk/besoeg/tilbyd/", MEMBERS),
        ("get", f"/netvaerk/besoeg/{n['slot'].pk}/", MEMBERS),
        ("get", f"/netvaerk/booking/{past}/noter/", {"editor", "staff"}),
        ("get", f"/netvaerk/booking/{future}/noter/", {"editor", "other_editor", "volunteer"}),
        ("post", f"/netvaerk/booking/{future}/bekraeft/", {"editor"}),
        ("get", "/netvaerk/billede/", MEMBERS | {"analyst"}),
        ("get", "/netvaerk/kurser/", EVERYONE),
        ("get", "/netvaerk/kurser/kalender.ics", EVERYONE),
        ("get", "/netvaerk/kurser/ny/", {"editor", "other_editor", "administrator"}),
        ("get", "/netvaerk/kurser/moderering/", {"administrator"}),
        ("get", "/netvaerk/ideer/", EVERYONE),
        ("post", f"/netvaerk/ideer/{idea.pk}/stoet/", SIGNED_IN),
        ("post", f"/netvaerk/ideer/{idea.pk}/deltag/", SIGNED_IN),
        ("get", f"{api}/slots", MEMBERS),
        ("get", f"{api}/graph", MEMBERS | {"analyst"}),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_it_answers_each_role_on_every_page_as_declared(network, client, role):
    user = network["people"][role]
    if user is not None:
        client.force_login(user)
    wrong = []
    for method, url, allowed in _pages(network):
        response = getattr(client, method)(url)
        if role in allowed:
            ok = response.status_code in (200, 302) and "/konto/log-ind/" not in response.get(
                "Location", ""
            )
        elif role == "anonymous":
            ok = response.status_code == 401 or "/konto/log-ind/" in response.get("Location", "")
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append(f"{method} {url}: {response.status_code} for {role}")
    assert not wrong, wrong


@pytest.mark.parametrize("role", ALL_ROLES)
def test_it_shows_a_note_only_to_the_two_sides_of_the_visit(network, client, role):
    VisitNote.objects.create(
        booking=network["past_booking"],
        author=network["people"]["staff"],
        learned="Hyggelig café med plads til nye",
    )
    user = network["people"][role]
    if user is not None:
        client.force_login(user)
    body = ""
    for url in ("/netvaerk/", f"/netvaerk/booking/{network['past_booking'].pk}/noter/"):
        response = client.get(url)
        if response.status_code == 200:
            body += response.content.decode()
    assert ("Hyggelig café" in body) is (role in {"staff", "editor"})
