"""Finding 9c: with DEBUG off and no mail or SMS gateway configured, the console backends would
print every cancel code, withdrawal code, reset link and invitation into the service log. The
deployment check refuses that (``check --deploy`` fails, and ``brobygger serve`` does not
start) unless ALLOW_CONSOLE_MESSAGES=1 says the printing is wanted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from typer.testing import CliRunner

from brobygger import cli

REPO = Path(__file__).resolve().parents[2]
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
GATEWAY = "aarhus_kommune.sms.GatewayBackend"  # a municipality's own class (only named here)


def _errors() -> dict[str, checks.CheckMessage]:
    found = checks.run_checks(include_deployment_checks=True, tags=["security"])
    return {m.id: m for m in found if m.level >= checks.ERROR}


@pytest.fixture
def production(settings, monkeypatch):
    # the browser tests (Playwright) set this in the worker's environment; Django's deploy
    # check then fails on it, whatever our own checks say
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.ALLOW_CONSOLE_MESSAGES = False
    settings.EMAIL_BACKEND = SMTP
    settings.SMS_BACKEND = GATEWAY
    settings.BROKER_PHONE = "87 13 00 00"  # required with DEBUG off (brobygger.E003)
    settings.SITE_URL = "https://brobygger.example.dk"  # and the other errors of issue 21
    settings.SECRET_KEY = "k" * 64 + "-production-like-secret-for-the-check"
    return settings


def test_it_passes_with_a_mail_server_and_an_sms_gateway(production):
    assert not {i for i in _errors() if i.startswith("brobygger.")}


@pytest.mark.parametrize(
    "sms_backend", ["brobygger.core.sms.ConsoleBackend", "brobygger.lib.sms.ConsoleBackend"]
)
def test_it_refuses_the_console_sms_backend(production, sms_backend):
    production.SMS_BACKEND = sms_backend
    errors = _errors()
    assert "brobygger.E002" in errors
    assert "SMS_BACKEND" in errors["brobygger.E002"].msg
    assert "ALLOW_CONSOLE_MESSAGES" in errors["brobygger.E002"].hint


def test_it_refuses_the_console_email_backend(production):
    production.EMAIL_BACKEND = CONSOLE_EMAIL
    errors = _errors()
    assert "brobygger.E001" in errors
    assert "EMAIL_HOST" in errors["brobygger.E001"].msg


def test_it_allows_the_console_when_told_to(production):
    production.EMAIL_BACKEND = CONSOLE_EMAIL
    production.SMS_BACKEND = "brobygger.core.sms.ConsoleBackend"
    production.ALLOW_CONSOLE_MESSAGES = True
    assert not {i for i in _errors() if i.startswith("brobygger.")}


def test_it_allows_the_console_with_debug_on(production):
    production.DEBUG = True
    production.EMAIL_BACKEND = CONSOLE_EMAIL
    production.SMS_BACKEND = "brobygger.core.sms.ConsoleBackend"
    assert not {i for i in _errors() if i.startswith("brobygger.")}


def test_it_is_a_deployment_check_only(production):
    production.EMAIL_BACKEND = CONSOLE_EMAIL
    found = checks.run_checks(include_deployment_checks=False)
    assert not [m for m in found if m.id.startswith("brobygger.E00")]


# the machine's own values of these must not decide the outcome
UNSET = ("DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_HOST", "SMS_BACKEND", "ALLOW_CONSOLE_MESSAGES")


def _manage(env: dict, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={
            **{k: v for k, v in os.environ.items() if k not in UNSET},
            "DJANGO_SETTINGS_MODULE": "brobygger.config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "k" * 64 + "-production-like-secret-for-the-check",
            "ALLOWED_HOSTS": "brobygger.example.dk",
            "BROKER_PHONE": "87 13 00 00",  # required with DEBUG off (brobygger.E003)
            "SITE_URL": "https://brobygger.example.dk",  # links in mails over https (E004)
            "AXES_PROXY_COUNT": "1",  # behind one nginx (brobygger.E006)
            "DATABASE_URL": "postgresql://brobygger@db.example.dk/brobygger",  # not SQLite (W001)
            **env,
        },
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_check_deploy_fails_in_production_with_the_default_backends():
    result = _manage({}, "check", "--deploy")
    assert result.returncode != 0
    assert "brobygger.E001" in result.stderr and "brobygger.E002" in result.stderr


def test_check_deploy_passes_when_the_console_is_allowed_explicitly():
    result = _manage(
        {"ALLOW_CONSOLE_MESSAGES": "1"}, "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_serve_refuses_to_start_when_the_deploy_check_fails(production, monkeypatch):
    production.EMAIL_BACKEND = CONSOLE_EMAIL
    started = []
    monkeypatch.setattr(cli, "setup", lambda: started.append("setup"))
    monkeypatch.setattr(
        "brobygger.insights.supervisor.run_beside", lambda *a, **k: started.append("web") or 0
    )
    result = CliRunner().invoke(cli.app, ["serve", "--port", "8999"])
    assert result.exit_code == 2, result.output
    assert "brobygger.E001" in result.output
    assert started == []


def test_serve_starts_when_the_deploy_check_passes(production, monkeypatch):
    started = []
    monkeypatch.setattr(cli, "setup", lambda: started.append("setup"))
    monkeypatch.setattr(
        "brobygger.insights.supervisor.run_beside", lambda *a, **k: started.append("web") or 0
    )
    monkeypatch.setattr("django.core.management.call_command", _no_collectstatic(started))
    result = CliRunner().invoke(cli.app, ["serve", "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert started[-2:] == ["setup", "web"]


def _no_collectstatic(started):
    from django.core import management

    real = management.call_command

    def call_command(name, *args, **kwargs):
        if name == "collectstatic":
            return None
        return real(name, *args, **kwargs)

    return call_command
