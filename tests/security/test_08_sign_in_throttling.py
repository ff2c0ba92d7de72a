"""Finding 8: sign-in is throttled on both login pages (django-axes), per client address, and a
locked-out person gets a clear page instead of a raw refusal."""

from __future__ import annotations

import pytest
from django.test import Client

LOGIN_PAGES = ["/konto/log-ind/", "/admin/login/"]
WRONG = "not-the-password"


@pytest.fixture
def root(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw-root")


def _sign_in(client, url, password, **extra):
    return client.post(url, {"username": "root", "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_it_refuses_the_right_password_after_ten_wrong_ones(root, url):
    client = Client()
    for _ in range(10):
        _sign_in(client, url, WRONG)
    response = _sign_in(client, url, "pw-root")
    assert not _signed_in(client)
    assert response.status_code == 429


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_it_signs_in_after_a_few_wrong_passwords(root, url):
    client = Client()
    for _ in range(3):
        _sign_in(client, url, WRONG)
    response = _sign_in(client, url, "pw-root")
    assert response.status_code == 302
    assert _signed_in(client)


def test_it_shows_a_clear_page_when_locked_out(root):
    client = Client()
    client.cookies["django_language"] = "en"
    for _ in range(5):
        _sign_in(client, "/konto/log-ind/", WRONG)
    response = _sign_in(client, "/konto/log-ind/", WRONG)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Account locked" not in page
    assert "Too many failed sign-ins" in page
    assert "60 minutes" in page and "administrator" in page
    assert "/konto/glemt-adgangskode/" in page


def test_it_ignores_a_forwarded_header_the_client_made_up(root):
    client = Client()
    for i in range(10):
        _sign_in(client, "/konto/log-ind/", WRONG, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    _sign_in(client, "/konto/log-ind/", "pw-root", HTTP_X_FORWARDED_FOR="10.0.1.1")
    assert not _signed_in(client)


def test_it_tells_clients_apart_behind_a_trusted_proxy(root, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client()
    for _ in range(10):
        _sign_in(attacker, "/konto/log-ind/", WRONG, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    # A made-up left-most entry does not help: the proxy appended the real address.
    _sign_in(
        attacker,
        "/konto/log-ind/",
        "pw-root",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5",
        **proxy,
    )
    assert not _signed_in(attacker)
    colleague = Client()
    _sign_in(colleague, "/konto/log-ind/", "pw-root", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert _signed_in(colleague)
