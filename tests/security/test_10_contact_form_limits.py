"""Finding 10 (the contact form part): the anonymous 'contact me' form caps the length of every
field and limits how often one address may send it."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache

from brobygger.referrals.forms import SelfReferralForm
from brobygger.referrals.models import Case

pytestmark = pytest.mark.django_db


def _body(**extra):
    return {"client_reference": str(uuid.uuid4()), "name": "Lis", "phone": "12345678",
            "language": "da", "age_band": "45-59", "consent": "on", **extra}  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_it_caps_the_length_of_every_text_field(seeded, client):
    form = SelfReferralForm()
    for name, field in form.fields.items():
        if hasattr(field, "max_length") and name != "client_reference":
            assert field.max_length, f"{name} has no length cap"
    for name in ("message", "reach_when", "name", "email"):
        value = "x" * 5000 + ("@example.org" if name == "email" else "")
        response = client.post("/faellesskab/kontakt/", _body(**{name: value}))
        assert response.status_code == 200 and name in response.context["form"].errors, name
    assert not Case.objects.exists()


def test_it_limits_how_often_one_address_sends_the_form(seeded, client):
    statuses = [
        client.post("/faellesskab/kontakt/", _body(name=f"Lis {n}")).status_code for n in range(30)
    ]
    assert statuses[0] == 200
    assert 429 in statuses
    stored = Case.objects.count()
    assert 1 <= stored < 30
    other = client.post("/faellesskab/kontakt/", _body(), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200 and Case.objects.count() == stored + 1
