"""Issue 19, "an API that tells the truth" (directory, referrals, network): a refused caller gets
401 with ``WWW-Authenticate: Bearer``; a bearer token writes without a CSRF token (CSRF guards
cookie sessions only); and the OpenAPI document declares the 400 and 401 answers with the
shapes the server really sends."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from jsonschema import Draft202012Validator

from brobygger.accounts.tokens import token_create
from brobygger.config.api import api
from brobygger.directory.models import Initiative

pytestmark = pytest.mark.django_db
MINE = ("/api/v1/directory", "/api/v1/referrals", "/api/v1/network")
INITIATIVE = "/api/v1/directory/initiatives/{}"
SUGGESTIONS = "/api/v1/directory/suggestions"
VALIDATION_ERROR = {
    "detail": [{"type": "missing", "loc": ["body", "payload"], "msg": "Field required"}]
}


def _schema() -> dict:
    """The OpenAPI document as clients read it (JSON: status codes are strings)."""
    return json.loads(json.dumps(api.get_openapi_schema()))


def _operations():
    schema = _schema()
    for path, operations in schema["paths"].items():
        if path.startswith(MINE):
            for method, operation in operations.items():
                yield f"{method.upper()} {path}", operation


def _fits(body, response, schema) -> bool:
    """Whether ``body`` is valid against the documented JSON of ``response``."""
    documented = response["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**documented, "components": schema["components"]})
    return validator.is_valid(body)


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t')}"}


@pytest.fixture
def ventilen(seeded):
    return Initiative.objects.get(name="Ventilen")


def test_it_answers_401_with_www_authenticate_bearer(client, db):
    for response in (
        client.get("/api/v1/referrals/cases"),
        client.get("/api/v1/network/slots", HTTP_AUTHORIZATION="Bearer not-a-token"),
        client.post(SUGGESTIONS, {}, content_type="application/json"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert isinstance(response.json()["detail"], str)


def test_it_answers_an_anonymous_write_with_401_not_a_csrf_failure(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SUGGESTIONS, {"name": "x", "description": "y"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 401


def test_it_lets_a_bearer_token_write_without_csrf(people, ventilen):
    client = Client(enforce_csrf_checks=True)  # no cookie at all, as an integration calls
    headers = _bearer(people["editor"])
    patched = client.patch(INITIATIVE.format(ventilen.pk), {"first_visit": "Ring til Ole"},
                           content_type="application/json", **headers)  # fmt: skip
    assert patched.status_code == 200, patched.content
    ventilen.refresh_from_db()
    assert ventilen.first_visit == "Ring til Ole"
    suggested = client.post(SUGGESTIONS, {"name": "Strikkecafé", "description": "Hver tirsdag"},
                            content_type="application/json", **headers)  # fmt: skip
    assert suggested.status_code == 201, suggested.content


def test_it_still_needs_the_csrf_token_for_a_cookie_session(people, ventilen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["editor"])
    patched = client.patch(INITIATIVE.format(ventilen.pk), {"first_visit": "Ring til Ole"},
                           content_type="application/json")  # fmt: skip
    assert patched.status_code == 403
    ventilen.refresh_from_db()
    assert ventilen.first_visit != "Ring til Ole"


def test_it_refuses_a_wrong_token_even_with_a_session(people, ventilen):
    client = Client()
    client.force_login(people["editor"])
    response = client.patch(INITIATIVE.format(ventilen.pk), {"first_visit": "Ring"},
                            content_type="application/json",
                            HTTP_AUTHORIZATION="Bearer not-a-token")  # fmt: skip
    assert response.status_code == 401


def test_it_documents_401_on_every_secured_operation():
    missing = [
        name for name, op in _operations() if op.get("security") and "401" not in op["responses"]
    ]
    assert missing == []


def test_it_documents_the_real_shape_of_validation_errors():
    """Every operation that takes input it can refuse (a body, or a parameter that is more than
    any string) can answer a validation error."""
    schema = _schema()
    wrong = []
    for name, op in _operations():
        checked = [p for p in op.get("parameters", []) if p["schema"].get("type") != "string"
                   or set(p["schema"]) - {"type", "title", "default", "description"}]  # fmt: skip
        if not (checked or op.get("requestBody")):
            continue
        bad_request = op["responses"].get("400")
        if bad_request is None or not _fits(VALIDATION_ERROR, bad_request, schema):
            wrong.append(name)
    assert wrong == []


def test_it_answers_validation_errors_as_documented(people, ventilen, client):
    schema = _schema()
    documented = schema["paths"]["/api/v1/directory/initiatives/{initiative_id}"]["patch"]
    headers = _bearer(people["editor"])
    response = client.patch(INITIATIVE.format(ventilen.pk), {"minimum_age": "old"},
                            content_type="application/json", **headers)  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert body["detail"][0]["loc"] == ["body", "payload", "minimum_age"]
    assert _fits(body, documented["responses"]["400"], schema)


def test_it_answers_a_body_that_is_not_json_as_a_validation_error(people, client):
    response = client.post(SUGGESTIONS, "{not json", content_type="application/json",
                           **_bearer(people["editor"]))  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "detail": [{"type": "json_invalid", "loc": ["body"], "msg": "The body is not valid JSON."}]
    }
