"""Finding 8: sessions end after a while without activity; soon for the roles that see personal
data (broker, an initiative's referral contact, administrator), later for everyone else, and
no session lives longer than a working day."""

from __future__ import annotations

import pytest

from brobygger.referrals.rules import is_referral_contact
from brobygger.web.session import LAST_ACTIVITY_KEY
from tests.accounts.otp_helpers import VerifiedClient


def _idle(client, minutes: int) -> None:
    """Pretend the person did nothing for ``minutes``: move their last activity back."""
    session = client.session
    session[LAST_ACTIVITY_KEY] -= minutes * 60
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def client():
    client = VerifiedClient()
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("role", ["broker", "administrator", "editor"])
def test_it_signs_out_roles_that_see_personal_data_after_fifteen_idle_minutes(client, people, role):
    if role == "editor":
        assert is_referral_contact(people["editor"])
    client.force_login(people[role])
    assert client.get("/").status_code == 200
    _idle(client, 16)
    response = client.get("/formidler/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=/formidler/")
    assert not _signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 15 minutes without activity" in page


def test_it_keeps_an_active_broker_signed_in(client, people):
    client.force_login(people["broker"])
    assert client.get("/formidler/").status_code == 200
    for _ in range(3):  # 30 minutes in all, never 15 in a row
        _idle(client, 10)
        assert client.get("/formidler/").status_code == 200
    assert _signed_in(client)


@pytest.mark.parametrize("role", ["citizen", "staff", "analyst"])
def test_it_keeps_other_roles_signed_in_for_two_idle_hours(client, people, role):
    client.force_login(people[role])
    client.get("/")
    _idle(client, 100)
    assert client.get("/").status_code == 200
    assert _signed_in(client)
    _idle(client, 121)
    client.get("/")
    assert not _signed_in(client)


def test_it_ends_every_session_within_a_working_day(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES_PRIVILEGED <= 15
