"""Finding 19.11 (activities): links in participants' messages are built from ``SITE_URL``,
never from the request's Host header."""

from __future__ import annotations

import pytest
from django.core import mail

from brobygger.activities import messages, services
from brobygger.directory.models import Organization
from tests.activities.conftest import activity_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_activity(people):
    ventilen = Organization.objects.get(name="Ventilen")

    def make(**extra):
        extra.setdefault("organization_id", ventilen.pk)
        return services.activity_create(user=people["editor"], data=activity_input(**extra))

    return make


@pytest.fixture
def activity(make_activity):
    return make_activity()


def test_site_base_ignores_the_request(rf, settings):
    settings.SITE_URL = "https://brobygger.example.dk"
    settings.ALLOWED_HOSTS = ["evil.example"]
    request = rf.get("/", HTTP_HOST="evil.example")
    assert messages.site_base(request) == "https://brobygger.example.dk"


def test_a_sign_up_message_links_to_site_url_whatever_the_host(client, activity, settings):
    settings.SITE_URL = "https://brobygger.example.dk"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    response = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld/",
        {"name": "Per", "email": "per@example.org"},
        HTTP_HOST="evil.example",
    )
    assert response.status_code == 201
    body = mail.outbox[0].body
    assert "evil.example" not in body
    assert "https://brobygger.example.dk/aktiviteter/" in body
