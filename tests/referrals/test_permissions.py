"""The permission matrix of the collaboration model: every role against every referral, case,
log and dashboard action, as rules and as HTTP, and no citizen's record visible outside its role
(including a second arena and a second organisation)."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from brobygger.referrals.models import AccessLogEntry
from brobygger.referrals.rules import PERMISSIONS
from tests.referrals.conftest import ALL_ROLES

EVERYONE = set(ALL_ROLES)
MATRIX = [
    ("referrals.use_guide", None, {"staff", "other_staff", "broker"}),
    ("referrals.refer_from_arena", "jobcenter", {"staff"}),
    ("referrals.refer_from_arena", "smoking", {"other_staff"}),
    ("referrals.view_arena_referrals", "jobcenter", {"staff"}),
    ("referrals.view_arena_referrals", "smoking", {"other_staff"}),
    ("referrals.view_my_arenas", None, {"staff", "other_staff"}),
    ("referrals.self_refer", None, EVERYONE),
    ("referrals.view_cases", None, {"broker"}),
    ("referrals.view_case", "anna", {"broker"}),
    ("referrals.change_case", "bent", {"broker"}),
    ("referrals.assign_case", "anna", {"broker"}),
    ("referrals.give_receipt", "anna", {"staff"}),
    ("referrals.give_receipt", "bent", {"other_staff"}),
    ("referrals.export_citizen_data", "anna_citizen", {"broker"}),
    ("referrals.view_initiative_referrals", None, {"editor", "other_editor"}),
    ("referrals.confirm_referral", "to_ventilen", {"editor", "broker"}),
    ("referrals.confirm_referral", "to_visits", {"other_editor", "broker"}),
    ("referrals.view_evaluation", None, {"analyst", "administrator", "broker"}),
    ("referrals.export_research_data", None, {"analyst", "administrator"}),
]


def _objects(s):
    return {
        None: None,
        "jobcenter": s["jobcenter"],
        "smoking": s["smoking"],
        "anna": s["anna"],
        "bent": s["bent"],
        "anna_citizen": s["anna"].citizen,
        "to_ventilen": s["to_ventilen"],
        "to_visits": s["to_visits"],
    }


def test_it_covers_every_declared_referral_permission():
    assert {perm for perm, _obj, _roles in MATRIX} == set(PERMISSIONS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_rules_grant_exactly_the_declared_roles(scenario, role):
    user = scenario["people"][role] or AnonymousUser()
    objects = _objects(scenario)
    wrong = [
        f"{permission} on {obj}: expected {role in allowed}"
        for permission, obj, allowed in MATRIX
        if rules.has_perm(permission, user, objects[obj]) is not (role in allowed)
    ]
    assert not wrong, wrong


def _pages(s):
    """(method, url, roles that may) for every page and API operation of the model."""
    anna, to_ventilen = s["anna"], s["to_ventilen"]
    case = f"/formidler/sag/{anna.pk}"
    api = "/api/v1/referrals"
    return [
        ("get", "/samtaleguide/", {"staff", "other_staff", "broker"}),
        ("get", "/henvis/", {"staff", "other_staff"}),
        ("get", "/henvisninger/", {"staff", "other_staff"}),
        ("get", "/formidler/", {"broker"}),
        ("get", "/formidler/i-dag/", {"broker"}),
        ("get", f"/henvisninger/{anna.pk}/kvittering/", {"staff"}),
        ("get", f"{case}/", {"broker"}),
        ("get", f"{case}/indsigt.json", {"broker"}),
        ("post", f"{case}/contact/", {"broker"}),
        ("get", "/tilbud/henvisninger/", {"editor", "other_editor"}),
        ("post", f"/tilbud/henvisninger/{to_ventilen.pk}/first-visit/", {"editor", "broker"}),
        ("get", "/evaluering/", {"analyst", "administrator", "broker"}),
        ("get", "/evaluering/forloeb.csv", {"analyst", "administrator"}),
        ("get", "/faellesskab/kontakt/", EVERYONE),
        ("get", f"{api}/", {"staff", "other_staff"}),
        ("get", f"{api}/cases", {"broker"}),
        ("get", f"{api}/cases/{anna.pk}", {"broker"}),
        ("get", f"{api}/cases/{anna.pk}/suggestions", {"broker"}),
        ("get", f"{api}/initiative-referrals", {"editor", "other_editor"}),
        ("get", f"{api}/evaluation/funnel", {"analyst", "administrator", "broker"}),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pages_and_api_answer_each_role_as_declared(scenario, client, role):
    user = scenario["people"][role]
    if user is not None:
        client.force_login(user)
    wrong = []
    for method, url, allowed in _pages(scenario):
        response = getattr(client, method)(url, {"channel": "phone"} if method == "post" else None)
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
def test_no_citizen_is_visible_outside_their_role(scenario, client, role):
    """Anna is seen by the broker and Ventilen's contact; Bent by the broker and Ældre Sagen's.
    Staff, analysts, administrators and everyone else see neither name anywhere."""
    sees = {
        "Anna Andersen": {"broker", "editor"},
        "Bent Brun": {"broker", "other_editor"},
    }
    user = scenario["people"][role]
    if user is not None:
        client.force_login(user)
    body = ""
    for method, url, allowed in _pages(scenario):
        if method == "get" and role in allowed:
            body += client.get(url).content.decode()
    body += client.get(f"/formidler/sag/{scenario['bent'].pk}/").content.decode()
    for name, allowed in sees.items():
        assert (name in body) is (role in allowed), (name, role)


def test_staff_see_their_arenas_states_and_not_the_other_arena(scenario, client):
    client.force_login(scenario["people"]["staff"])
    page = client.get("/henvisninger/").content.decode()
    assert scenario["anna"].pseudonym in page
    assert scenario["bent"].pseudonym not in page
    listed = client.get("/api/v1/referrals/").json()
    assert [c["id"] for c in listed] == [str(scenario["anna"].pk)]
    assert set(listed[0]) == {"id", "arena", "created_at", "state", "closed_reason", "reference"}


def test_every_view_of_a_record_is_logged_with_who_and_why(scenario, client):
    people = scenario["people"]
    client.force_login(people["broker"])
    client.get(f"/formidler/sag/{scenario['anna'].pk}/")
    client.force_login(people["editor"])
    client.get("/tilbud/henvisninger/")
    log = AccessLogEntry.objects.filter(citizen=scenario["anna"].citizen).order_by("at")
    assert [(e.user.username, e.action, e.reason) for e in log] == [
        ("broker", "view", "case work"),
        ("editor", "view", "referral to Ventilen"),
    ]
    assert not AccessLogEntry.objects.filter(citizen=scenario["bent"].citizen).exists()


def test_the_right_of_access_export_holds_the_data_and_who_saw_it(scenario, client):
    client.force_login(scenario["people"]["broker"])
    client.get(f"/formidler/sag/{scenario['anna'].pk}/")
    data = client.get(f"/formidler/sag/{scenario['anna'].pk}/indsigt.json").json()
    assert data["citizen"]["name"] == "Anna Andersen"
    assert [c["purpose"] for c in data["consents"]] == ["referral", "outcome"]
    assert data["case"]["referrals"][0]["initiative"] == "Ventilen"
    assert data["case"]["outcomes"][0]["score"] == 8
    assert [(e["user"], e["action"]) for e in data["access_log"]] == [
        ("broker", "export"),
        ("broker", "view"),
    ]
