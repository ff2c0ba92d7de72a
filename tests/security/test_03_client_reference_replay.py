"""Finding 3: replaying another caller's ``client_reference`` must never return their case, its
receipt or its withdrawal link. A reference matches only within the same source (staff form,
API, self-referral) and the same submitting user (anonymous: the same session); the web form
also refuses a reference already used for another arena, as the API does."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from brobygger.accounts.tokens import token_create
from brobygger.referrals.models import Arena, ArenaMembership, Case
from tests.referrals.codes import withdrawal_codes_of
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db


def _contact_body(key, name):
    return {"client_reference": str(key), "name": name, "phone": "12345678", "language": "da",
            "age_band": "45-59", "consent": "on"}  # fmt: skip


def _staff_body(key, name, arena):
    return {**_contact_body(key, name), "arena": arena.pk, "consent_given_by": "citizen",
            "consent_method": "oral"}  # fmt: skip


def test_it_never_shows_an_anonymous_visitor_someone_elses_withdrawal_link(people):
    key = uuid.uuid4()
    first, second = Client(), Client()
    first.get("/faellesskab/kontakt/")
    first.post("/faellesskab/kontakt/", _contact_body(key, "Lis"))
    lis = Case.objects.get(citizen__name="Lis")
    second.get("/faellesskab/kontakt/")
    page = second.post("/faellesskab/kontakt/", _contact_body(key, "Mallory")).content.decode()
    assert not withdrawal_codes_of(lis, page)
    lis.refresh_from_db()
    assert lis.citizen.name == "Lis"


def test_it_never_shows_other_staff_someone_elses_receipt(people, django_user_model):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    colleague = django_user_model.objects.create_user(username="colleague", password="pw-x")
    ArenaMembership.objects.create(arena=arena, user=colleague)
    key = uuid.uuid4()
    client = Client()
    client.force_login(people["staff"])
    client.post("/henvis/", _staff_body(key, "Ole", arena))
    ole = Case.objects.get(citizen__name="Ole")
    client.force_login(colleague)
    page = client.post("/henvis/", _staff_body(key, "Mallory", arena)).content.decode()
    assert not withdrawal_codes_of(ole, page) and ole.pseudonym not in page


def test_it_never_returns_another_api_caller_their_case(people, django_user_model):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    colleague = django_user_model.objects.create_user(username="colleague", password="pw-x")
    ArenaMembership.objects.create(arena=arena, user=colleague)
    key = str(uuid.uuid4())
    body = {"arena_id": str(arena.pk), "client_reference": key,
            "citizen": {"name": "Ole", "phone": "12345678"}, "consent": {}}  # fmt: skip
    client = Client()
    first = client.post(
        "/api/v1/referrals/", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=people['staff'], name='t')}",
    )  # fmt: skip
    other = client.post(
        "/api/v1/referrals/", {**body, "citizen": {"name": "Mallory", "phone": "1"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=colleague, name='t')}",
    )  # fmt: skip
    assert first.status_code == 201
    assert other.json().get("id") != first.json()["id"]
    assert other.json().get("reference") != first.json()["reference"]


def test_it_keeps_the_form_and_the_api_references_apart(people):
    """The same reference from the staff form and from the API are two submissions."""
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    key = uuid.uuid4()
    client = Client()
    client.force_login(people["staff"])
    client.post("/henvis/", _staff_body(key, "Ole", arena))
    ole = Case.objects.get(citizen__name="Ole")
    body = {"arena_id": str(arena.pk), "client_reference": str(key),
            "citizen": citizen("Per"), "consent": {}}  # fmt: skip
    response = client.post(
        "/api/v1/referrals/", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=people['staff'], name='t')}",
    )  # fmt: skip
    assert response.json().get("id") != str(ole.pk)


def test_it_refuses_a_form_replay_into_another_arena(people):
    """The staff form does the API's check: one reference, one arena."""
    jobcenter = Arena.objects.get(name="Jobcenter Aarhus")
    other = Arena.objects.create(name="Borgerservice")
    ArenaMembership.objects.create(arena=other, user=people["staff"])
    key = uuid.uuid4()
    client = Client()
    client.force_login(people["staff"])
    client.post("/henvis/", _staff_body(key, "Ole", jobcenter))
    page = client.post("/henvis/", _staff_body(key, "Ole", other))
    assert "client_reference" in page.content.decode()
    assert not Case.objects.filter(arena=other).exists()
    ole = Case.objects.get(citizen__name="Ole")
    assert not withdrawal_codes_of(ole, page.content.decode())
