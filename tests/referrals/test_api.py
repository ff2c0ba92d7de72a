"""The referrals API: every operation declares and enforces authentication, bearer tokens work,
and retries are idempotent. Schemathesis runs every operation of the API, with every check, in
tests/api/test_openapi_contract.py."""

from __future__ import annotations

import uuid

from django.test import Client

from brobygger.accounts.tokens import token_create
from brobygger.config.api import api
from brobygger.referrals.models import Case
from tests.referrals.conftest import citizen

PREFIX = "/api/v1/referrals"


def _referral_operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        if path.startswith(PREFIX):
            for method, operation in operations.items():
                yield method, path, operation


def test_every_referral_operation_declares_authentication():
    operations = list(_referral_operations())
    assert len(operations) >= 12
    for method, path, operation in operations:
        assert operation.get("security"), f"{method.upper()} {path} declares no authentication"


def test_anonymous_calls_to_every_operation_are_refused(scenario, client):
    ids = {
        "case_id": scenario["anna"].pk,
        "referral_id": scenario["to_ventilen"].pk,
    }
    for method, path, _operation in _referral_operations():
        url = path.format(**ids)
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code in (401, 403), f"{method.upper()} {url}: {response.status_code}"
    assert Case.objects.count() == 2


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='test')}"}


def _payload(arena, key=None):
    return {
        "arena_id": str(arena.pk),
        "client_reference": str(key or uuid.uuid4()),
        "citizen": {k: v for k, v in citizen("Dorte").items() if k != "special_group"},
        "consent": {"method": "written", "outcome": True},
        "tils_items": [2, 2, 3],
    }


def test_staff_refer_with_a_token_and_a_retry_is_stored_once(scenario):
    client = Client(enforce_csrf_checks=True)  # as a real client: a token needs no CSRF cookie
    headers = _bearer(scenario["people"]["staff"])
    body = _payload(scenario["jobcenter"])
    first = client.post(f"{PREFIX}/", body, content_type="application/json", **headers)
    again = client.post(f"{PREFIX}/", body, content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.filter(citizen__name="Dorte").count() == 1
    other_arena = client.post(
        f"{PREFIX}/", _payload(scenario["smoking"]), content_type="application/json", **headers
    )
    assert other_arena.status_code == 403


def test_a_session_write_still_needs_the_csrf_token(scenario):
    client = Client(enforce_csrf_checks=True)
    client.force_login(scenario["people"]["staff"])
    body = _payload(scenario["jobcenter"])
    response = client.post(f"{PREFIX}/", body, content_type="application/json")
    assert response.status_code == 403
    assert not Case.objects.filter(citizen__name="Dorte").exists()


def test_a_wrong_token_is_refused(scenario, client):
    response = client.get(f"{PREFIX}/cases", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_bad_input_names_the_field(scenario, client):
    headers = _bearer(scenario["people"]["staff"])
    body = _payload(scenario["jobcenter"])
    body["citizen"]["postcode"] = "80"
    response = client.post(f"{PREFIX}/", body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert "postcode" in str(response.json())
    body = _payload(scenario["jobcenter"])
    body["consent"]["outcome"] = False
    response = client.post(f"{PREFIX}/", body, content_type="application/json", **headers)
    assert response.status_code == 400 and response.json()["detail"].startswith("outcome")
