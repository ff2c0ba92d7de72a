"""Finding 19.11 (activities): links in participants' messages are built from ``SITE_URL``,
never from the request's Host header."""

from __future__ import annotations

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


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
