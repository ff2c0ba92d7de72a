"""Finding 8: API tokens expire, can be revoked (command line and the user's own page), show
when they were last used, and authenticate nothing once expired or revoked."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from typer.testing import CliRunner

from brobygger.accounts.models import ApiToken
from brobygger.accounts.tokens import token_create
from brobygger.cli import app

CASES = "/api/v1/referrals/cases"
SECURITY = "/konto/sikkerhed/"


def _call(client, token):
    return client.get(CASES, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_gives_a_token_ninety_days_by_default(people):
    token_create(user=people["broker"], name="integration")
    token = ApiToken.objects.get(name="integration")
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_it_refuses_an_expired_token(client, people):
    token = token_create(user=people["broker"], name="integration", days=1)
    assert _call(client, token).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _call(client, token).status_code == 401


def test_it_refuses_a_revoked_token(client, people):
    token = token_create(user=people["broker"], name="integration")
    assert _call(client, token).status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert _call(client, token).status_code == 401


def test_it_records_the_last_use(client, people):
    token = token_create(user=people["broker"], name="integration")
    assert ApiToken.objects.get().last_used_at is None
    _call(client, token)
    assert ApiToken.objects.get().last_used_at is not None


def test_a_user_sees_and_revokes_only_their_own_tokens(client, people):
    token_create(user=people["staff"], name="staff-laptop")
    token_create(user=people["broker"], name="broker-integration")
    mine = ApiToken.objects.get(name="staff-laptop")
    theirs = ApiToken.objects.get(name="broker-integration")
    client.force_login(people["staff"])
    page = client.get(SECURITY).content.decode()
    assert "staff-laptop" in page and "broker-integration" not in page
    assert client.post(f"{SECURITY}noegler/{theirs.pk}/tilbagekald/").status_code == 404
    assert client.get(f"{SECURITY}noegler/{mine.pk}/tilbagekald/").status_code == 405
    response = client.post(f"{SECURITY}noegler/{mine.pk}/tilbagekald/")
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_the_security_page_needs_a_signed_in_user(client):
    assert client.get(SECURITY)["Location"].startswith("/konto/log-ind/")


def test_it_creates_lists_and_revokes_tokens_on_the_command_line(client, people):
    runner = CliRunner()
    created = runner.invoke(app, ["users", "token", "staff", "--name", "laptop", "--days", "7"])
    assert created.exit_code == 0, created.output
    token = created.output.strip().splitlines()[-1]
    stored = ApiToken.objects.get(name="laptop")
    assert timedelta(days=6) < stored.expires_at - timezone.now() <= timedelta(days=7)
    listed = runner.invoke(app, ["users", "tokens", "staff"])
    assert listed.exit_code == 0 and "laptop" in listed.output and "never" in listed.output
    revoked = runner.invoke(app, ["users", "revoke-token", "staff", "laptop"])
    assert revoked.exit_code == 0, revoked.output
    assert _call(client, token).status_code == 401
    assert "revoked" in runner.invoke(app, ["users", "tokens", "staff"]).output
    missing = runner.invoke(app, ["users", "revoke-token", "staff", "nothing-such"])
    assert missing.exit_code == 2


def test_tokens_are_made_only_by_users_token_now(people):
    """Issue 12: `brobygger users token` replaced `referrals token`, which is gone (no alias)."""
    runner = CliRunner()
    result = runner.invoke(app, ["referrals", "token", "staff", "--name", "old"])
    assert result.exit_code == 2 and "No such command" in result.output
    assert not ApiToken.objects.filter(name="old").exists()
    missing = runner.invoke(app, ["users", "token", "nobody"])
    assert missing.exit_code == 2 and "username" in missing.output
