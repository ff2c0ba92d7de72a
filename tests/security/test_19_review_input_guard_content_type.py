"""Review of 19.3: the input guard could be skipped by the content type.

django-ninja reads a request's body as JSON whatever its content type, so a JSON body with
``\\u001b`` escapes sent as a form (URL-encoded or multipart), as a multipart PATCH, or encoded
in UTF-16, passed the guard and was stored. Under /api/ and /hsds/ the raw body is now always
tried as JSON, as the API parses it, and form fields are still checked where the body is a form.
"""

from __future__ import annotations

import json

import pytest

from brobygger.accounts.tokens import token_create
from brobygger.directory.models import Suggestion

SUGGESTIONS = "/api/v1/directory/suggestions"
INITIATIVE = "/api/v1/directory/initiatives/{}"
ESCAPED = '{"name": "Strikke\\u001b[31mcaf\\u00e9", "description": "Hver tirsdag"}'


def _refused(response) -> bool:
    if response.status_code != 400:
        return False
    detail = response.json()["detail"]
    return detail[0]["type"] == "control_character" and detail[0]["loc"] == ["body", "name"]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=BoUnDaRy",
        "text/plain",
    ],
)
def test_it_refuses_escapes_in_a_json_body_whatever_the_content_type(people, client, content_type):
    client.force_login(people["citizen"])
    response = client.post(SUGGESTIONS, ESCAPED, content_type=content_type)
    assert _refused(response), response.content
    assert Suggestion.objects.count() == 0


def test_it_refuses_escapes_in_a_utf16_json_body(people, client):
    client.force_login(people["citizen"])
    body = ESCAPED.encode("utf-16")  # json.loads(bytes) reads UTF-16 and UTF-32 too
    response = client.post(SUGGESTIONS, body, content_type="application/json")
    assert _refused(response), response.content
    assert Suggestion.objects.count() == 0


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=BoUnDaRy", "application/x-www-form-urlencoded"]
)
def test_it_refuses_escapes_in_a_patch_sent_as_a_form(people, client, ventilen, content_type):
    raw = token_create(user=people["editor"], name="review")
    body = '{"first_visit": "Ring \\u009b til Ole"}'
    response = client.patch(INITIATIVE.format(ventilen.pk), body, content_type=content_type,
                            HTTP_AUTHORIZATION=f"Bearer {raw}")  # fmt: skip
    assert response.status_code == 400, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "first_visit"]
    ventilen.refresh_from_db()
    assert "\x9b" not in ventilen.first_visit


def test_it_still_checks_the_fields_of_a_real_form_under_the_api(people, client):
    client.force_login(people["citizen"])
    response = client.post(SUGGESTIONS, {"name": "Strikke\x1bcafé", "description": "x"})
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["form", "name"]
    assert Suggestion.objects.count() == 0


def test_it_lets_a_clean_json_body_through_whatever_the_content_type(people, client):
    client.force_login(people["citizen"])
    body = json.dumps({"name": "Strikkecafé", "description": "Hver tirsdag"})
    response = client.post(SUGGESTIONS, body, content_type="text/plain")
    assert response.status_code == 201, response.content
