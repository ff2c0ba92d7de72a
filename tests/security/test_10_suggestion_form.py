"""Finding 10 (the suggestion part): the anonymous suggestion form caps every field, limits how
often one address may send it, and the suggester's e-mail goes once the suggestion is decided."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from brobygger.directory import services
from brobygger.directory.forms import SuggestionForm
from brobygger.directory.models import Suggestion

GOOD = {"name": "Strikkecafé i Gellerup", "description": "Vi strikker og drikker kaffe."}


@pytest.fixture(autouse=True)
def _fresh_counts(db):
    cache.clear()
    yield
    cache.clear()


def test_it_caps_the_length_of_every_field_in_the_form_and_the_model(db):
    form = SuggestionForm()
    for name, field in form.fields.items():
        if hasattr(field, "max_length") or name in ("description", "url", "postal_code"):
            assert field.max_length, f"{name} has no length cap"
    for model_field in Suggestion._meta.get_fields():
        if model_field.name in form.fields:
            if getattr(model_field, "choices", None) or model_field.is_relation:
                continue
            assert model_field.max_length, f"Suggestion.{model_field.name} has no max_length"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "x" * 5000),
        ("organization_name", "x" * 5000),
        ("description", "x" * 100_000),
        ("url", "https://example.org/" + "x" * 5000),
        ("submitter_email", "x" * 5000 + "@example.org"),
    ],
)
def test_it_refuses_an_overlong_field(client, seeded, field, value):
    response = client.post("/foreslaa/", dict(GOOD, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors, field
    assert not Suggestion.objects.exists()


def test_it_limits_how_often_one_address_may_suggest(client, seeded):
    statuses = [
        client.post(
            "/foreslaa/", dict(GOOD, name=f"Forslag {i}"), REMOTE_ADDR="10.0.0.7"
        ).status_code
        for i in range(7)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert Suggestion.objects.count() == 5
    other = client.post("/foreslaa/", dict(GOOD, name="Fra en anden"), REMOTE_ADDR="10.0.0.8")
    assert other.status_code == 302


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_it_deletes_the_suggesters_email_once_decided(people, decision):
    suggestion = services.suggestion_create(**GOOD, submitter_email="lis@example.org")
    if decision == "accept":
        services.suggestion_accept(suggestion=suggestion, user=people["administrator"])
    else:
        services.suggestion_reject(suggestion=suggestion, user=people["administrator"])
    suggestion.refresh_from_db()
    assert suggestion.submitter_email == ""
    assert suggestion.state != Suggestion.State.PENDING


def test_the_api_caps_the_length_too(client, people, seeded):
    import json

    client.force_login(people["citizen"])
    response = client.post(
        "/api/v1/directory/suggestions",
        data=json.dumps({"name": "x", "description": "y" * 100_000}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Suggestion.objects.exists()
