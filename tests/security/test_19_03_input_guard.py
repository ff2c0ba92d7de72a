"""Finding 3 (the system-wide part): a control character in any form value or JSON string that a
browser or API client sends is refused with 400 naming the field, before any view stores it.

Line breaks are left to the forms and API schemas (only they know which fields are one line);
the guard refuses what no field ever holds: C0 controls other than tab, LF and CR, DEL, and C1.
"""

from __future__ import annotations

import json

import pytest

from brobygger.directory.models import Suggestion

SUGGEST = "/foreslaa/"
SUGGEST_API = "/api/v1/directory/suggestions"


def _suggestion(**changes) -> dict:
    return {
        "name": "Strikkecafé på biblioteket",
        "organization_name": "Hasle Bibliotek",
        "description": "Vi strikker og drikker kaffe.\r\nAlle er velkomne.",
        "postal_code": "8210",
        **changes,
    }


def test_it_refuses_a_form_post_with_an_escape_character_naming_the_field(db, client):
    response = client.post(
        SUGGEST, _suggestion(name="Strikke\x1b[31mcafé"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "name" in page
    assert "U+001B" in page
    assert Suggestion.objects.count() == 0


def test_it_shows_its_page_in_danish_by_default(db, client):
    response = client.post(SUGGEST, _suggestion(organization_name="Hasle\x00Bibliotek"))
    assert response.status_code == 400
    assert '<html lang="da"' in response.content.decode()
    assert "organization_name" in response.content.decode()
    assert Suggestion.objects.count() == 0


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_it_refuses_every_c0_and_c1_control_character(db, client, character):
    response = client.post(SUGGEST, _suggestion(description=f"Kaffe{character}og kage"))
    assert response.status_code == 400
    assert Suggestion.objects.count() == 0


def test_it_lets_a_textareas_line_breaks_and_tabs_through(db, client):
    response = client.post(SUGGEST, _suggestion(description="Kaffe\r\n\tog kage\nhver tirsdag"))
    assert response.status_code == 302
    assert Suggestion.objects.get().description == "Kaffe\n\tog kage\nhver tirsdag"


def test_it_refuses_a_json_body_with_an_escape_character_naming_the_field(people, client):
    client.force_login(people["citizen"])
    response = client.post(
        SUGGEST_API,
        json.dumps(_suggestion(name="Strikke\x1bcafé")),
        content_type="application/json",
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail[0]["type"] == "control_character"
    assert detail[0]["loc"] == ["body", "name"]
    assert "U+001B" in detail[0]["msg"]
    assert Suggestion.objects.count() == 0


def test_it_looks_into_nested_json_and_at_keys(people, client):
    client.force_login(people["citizen"])
    body = {**_suggestion(), "extra": [{"ok": "fine"}, {"bad\x9bkey": "x"}]}
    response = client.post(SUGGEST_API, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["body", "extra", 1, "bad\x9bkey"]
    assert Suggestion.objects.count() == 0


def test_it_answers_json_for_a_form_post_to_the_api(people, client):
    client.force_login(people["citizen"])
    response = client.post(SUGGEST_API, {"name": "a\x01b"})
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["form", "name"]


def test_it_leaves_a_body_that_is_not_json_to_the_view(people, client):
    client.force_login(people["citizen"])
    response = client.post(SUGGEST_API, "{not json\x1b", content_type="application/json")
    assert response.status_code == 400
    assert "control_character" not in response.content.decode()


def test_it_lets_a_clean_json_body_through(people, client):
    client.force_login(people["citizen"])
    response = client.post(SUGGEST_API, json.dumps(_suggestion()), content_type="application/json")
    assert response.status_code == 201
    assert Suggestion.objects.count() == 1


def test_the_form_refuses_a_line_break_in_a_one_line_field(db, client):
    response = client.post(
        SUGGEST, _suggestion(name="Strikkecafé\r\nBcc: x@example.org"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200  # the form again, with the field's error
    assert "Fjern linjeskiftet eller kontroltegnet fra feltet" in response.content.decode()
    assert Suggestion.objects.count() == 0
