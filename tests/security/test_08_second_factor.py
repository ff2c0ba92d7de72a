"""Finding 8: brokers and administrators pass a second factor (TOTP, django-otp) after their
password; without a device they can do nothing but set one up."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.otp_helpers import confirmed_totp_device, totp_code

QUEUE = "/formidler/"
SETUP = "/konto/to-trin/opsaet/"
VERIFY = "/konto/to-trin/bekraeft/"


@pytest.fixture
def client():
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def _wrong(device) -> str:
    return f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize("role", ["broker", "administrator"])
def test_it_sends_a_broker_or_administrator_without_a_device_to_set_one_up(client, people, role):
    client.force_login(people[role])
    for url in (QUEUE, "/", "/admin/", "/evaluering/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url


def test_it_refuses_the_api_to_an_unverified_session(client, people):
    client.force_login(people["broker"])
    response = client.get("/api/v1/referrals/cases")
    assert response.status_code == 403


def test_it_asks_a_broker_with_a_device_for_the_code(client, people):
    confirmed_totp_device(people["broker"])
    client.force_login(people["broker"])
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={QUEUE}"


def test_it_refuses_a_wrong_code(client, people):
    device = confirmed_totp_device(people["broker"])
    client.force_login(people["broker"])
    response = client.post(VERIFY, {"code": _wrong(device), "next": QUEUE})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert client.get(QUEUE)["Location"].startswith(VERIFY)


def test_it_lets_the_right_code_through(client, people):
    device = confirmed_totp_device(people["broker"])
    client.force_login(people["broker"])
    response = client.post(VERIFY, {"code": totp_code(device), "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert client.get(QUEUE).status_code == 200


def test_it_slows_down_guessing(client, people):
    device = confirmed_totp_device(people["broker"])
    client.force_login(people["broker"])
    client.post(VERIFY, {"code": _wrong(device), "next": QUEUE})
    response = client.post(VERIFY, {"code": totp_code(device), "next": QUEUE})
    assert response.status_code == 200 and "Wait a moment" in response.content.decode()
    assert client.get(QUEUE)["Location"].startswith(VERIFY)


def test_it_asks_for_the_code_after_a_password_sign_in(client, people):
    confirmed_totp_device(people["administrator"])
    response = client.post(
        "/konto/log-ind/", {"username": "administrator", "password": "pw-administrator"}
    )
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith(VERIFY)


def test_it_asks_an_administrator_for_the_code_on_the_admin_site(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root")
    device = confirmed_totp_device(root)
    client.post("/admin/login/", {"username": "root", "password": "pw-root"})
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=/admin/"
    client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_it_sets_up_a_device_from_a_qr_code_or_the_secret(client, people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code (tested below)
    client.force_login(people["broker"])
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=people["broker"], confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert re.search(r'<img[^>]+src="data:image/svg\+xml', page)
    assert secret in page.replace(" ", "")
    wrong = client.post(SETUP, {"code": _wrong(device)})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.filter(user=people["broker"], confirmed=True).exists()
    response = client.post(SETUP, {"code": totp_code(device), "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert TOTPDevice.objects.get(user=people["broker"]).confirmed
    assert client.get(QUEUE).status_code == 200


def test_it_never_replaces_a_device_before_the_code_was_given(client, people):
    """Whoever has only the password cannot set up their own authenticator instead."""
    confirmed_totp_device(people["broker"])
    client.force_login(people["broker"])
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    client.post(SETUP, {"code": "123456"})
    assert TOTPDevice.objects.filter(user=people["broker"]).count() == 1
    assert client.get(QUEUE)["Location"].startswith(VERIFY)


@pytest.mark.parametrize("role", ["citizen", "staff", "editor", "analyst"])
def test_it_asks_no_second_factor_of_other_roles(client, people, role):
    client.force_login(people[role])
    assert client.get("/").status_code == 200


def test_it_lets_an_unverified_broker_log_out(client, people):
    client.force_login(people["broker"])
    client.post("/konto/log-ud/")
    assert "_auth_user_id" not in client.session


def test_it_requires_the_second_factor_of_brokers_and_administrators_by_default(settings):
    assert {"broker", "administrator"} <= set(settings.OTP_REQUIRED_ROLES)
