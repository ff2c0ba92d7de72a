"""Who gets the stricter sign-in rules, how the middleware answers htmx and the API, and the
client address behind proxies."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from brobygger.accounts.policy import needs_second_factor, sees_personal_data
from brobygger.core.ratelimit import client_ip
from brobygger.web.session import LAST_ACTIVITY_KEY
from tests.accounts.otp_helpers import VerifiedClient, confirmed_totp_device


@pytest.mark.parametrize(
    ("role", "second_factor", "personal_data"),
    [
        ("citizen", False, False),
        ("staff", False, False),
        ("analyst", False, False),
        ("editor", False, True),  # Ventilen's organisation: its referral contact
        ("broker", True, True),
        ("administrator", True, True),
    ],
)
def test_it_names_the_roles_with_stricter_rules(people, role, second_factor, personal_data):
    assert needs_second_factor(people[role]) is second_factor
    assert sees_personal_data(people[role]) is personal_data


def test_it_treats_anyone_allowed_into_the_admin_site_as_an_administrator(people):
    citizen = people["citizen"]
    citizen.is_staff = True
    assert needs_second_factor(citizen) and sees_personal_data(citizen)


def test_more_roles_can_be_required_to_pass_a_second_factor(people, settings):
    settings.OTP_REQUIRED_ROLES = ["broker", "administrator", "analyst"]
    assert needs_second_factor(people["analyst"])
    assert not needs_second_factor(people["staff"])


def test_a_volunteer_with_a_device_is_asked_for_the_code_too(client, people):
    confirmed_totp_device(people["citizen"])
    client.force_login(people["citizen"])
    assert client.get("/")["Location"].startswith("/konto/to-trin/bekraeft/")


def test_it_tells_htmx_to_load_the_set_up_page(people):
    client = Client()
    client.force_login(people["broker"])
    response = client.get("/formidler/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/konto/to-trin/opsaet/")


def test_it_never_sends_the_code_page_elsewhere_than_this_site(people):
    client = Client()
    device = confirmed_totp_device(people["broker"])
    client.force_login(people["broker"])
    from tests.accounts.otp_helpers import totp_code

    response = client.post(
        "/konto/to-trin/bekraeft/", {"code": totp_code(device), "next": "https://evil.example/"}
    )
    # the unsafe next is ignored: the page after sign-in (LOGIN_REDIRECT_URL) instead
    assert response.status_code == 302 and response["Location"] == "/konto/videre/"


def test_an_idle_api_session_gets_401_not_a_login_page(people):
    client = VerifiedClient()
    client.force_login(people["broker"])
    assert client.get("/api/v1/referrals/cases").status_code == 200
    session = client.session
    session[LAST_ACTIVITY_KEY] -= 16 * 60
    session.save()
    assert client.get("/api/v1/referrals/cases").status_code == 401


def test_the_verified_client_passes_the_second_factor(people):
    """The test-suite helper the shared fixtures use: it must really verify the session."""
    client = VerifiedClient()
    client.force_login(people["broker"])
    assert client.get("/formidler/").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}, "192.0.2.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 192.0.2.7"}, "192.0.2.7"),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.8, 10.0.0.1"},
            "192.0.2.8",
        ),
        (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "10.0.0.1"}, "10.0.0.2"),
    ],
)
def test_it_takes_the_address_the_trusted_proxies_saw(settings, proxies, meta, expected):
    settings.AXES_IPWARE_PROXY_COUNT = proxies
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_the_command_line_resets_a_lost_second_factor(people):
    from typer.testing import CliRunner

    from brobygger.accounts.selectors import has_confirmed_device
    from brobygger.cli import app

    confirmed_totp_device(people["broker"])
    result = CliRunner().invoke(app, ["users", "reset-second-factor", "broker"])
    assert result.exit_code == 0, result.output
    assert not has_confirmed_device(people["broker"])
    assert CliRunner().invoke(app, ["users", "token", "broker", "--days", "0"]).exit_code == 2


def test_the_settings_refuse_an_unknown_or_missing_role(tmp_path):
    import os
    import subprocess
    import sys

    def start(roles: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "brobygger.config.settings",
            "SECRET_KEY": "x" * 50,
            "OTP_REQUIRED_ROLES": roles,
            "DEBUG": "0",
        }
        code = "import django; django.setup()"
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path
        )

    assert "unknown role(s) ['brokers']" in start("brokers,administrator").stderr
    assert "must include broker and administrator" in start("broker").stderr
    assert start("broker,administrator,analyst").returncode == 0


@pytest.mark.parametrize(
    "meta",
    [{}, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}],
)
def test_it_never_makes_up_an_address(settings, meta):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_ip(request) == meta.get("REMOTE_ADDR")
