"""Issue 20 (5): with DEBUG off, the community broker's phone line must be set. Without it the
contact page, the receipt and the pocket guide give citizens no number to call, so the
deployment check (``check --deploy``, which ``brobygger serve`` runs first) refuses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

REPO = Path(__file__).resolve().parents[2]


def _errors() -> dict[str, checks.CheckMessage]:
    found = checks.run_checks(include_deployment_checks=True)
    return {m.id: m for m in found if m.level >= checks.ERROR}


@pytest.fixture
def production(settings, monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.BROKER_PHONE = "87 13 00 00"
    return settings


def test_it_passes_with_a_phone_number(production):
    assert "brobygger.E003" not in _errors()


@pytest.mark.parametrize("phone", ["", "   "])
def test_it_refuses_an_empty_phone_number_with_debug_off(production, phone):
    production.BROKER_PHONE = phone
    errors = _errors()
    assert "brobygger.E003" in errors
    assert "BROKER_PHONE" in errors["brobygger.E003"].msg
    assert "BROKER_PHONE=" in errors["brobygger.E003"].hint


def test_it_allows_no_phone_number_with_debug_on(production):
    production.DEBUG = True
    production.BROKER_PHONE = ""
    assert "brobygger.E003" not in _errors()


def test_it_is_a_deployment_check_only(production):
    production.BROKER_PHONE = ""
    found = checks.run_checks(include_deployment_checks=False)
    assert "brobygger.E003" not in {m.id for m in found}


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    unset = ("DJANGO_ALLOW_ASYNC_UNSAFE", "BROKER_PHONE")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={
            **{k: v for k, v in os.environ.items() if k not in unset},
            "DJANGO_SETTINGS_MODULE": "brobygger.config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "k" * 64 + "-production-like-secret-for-the-check",
            "ALLOWED_HOSTS": "brobygger.example.dk",
            "ALLOW_CONSOLE_MESSAGES": "1",
            "SITE_URL": "https://brobygger.example.dk",  # links in mails over https (E004)
            "AXES_PROXY_COUNT": "1",  # behind one nginx (brobygger.E006)
            "DATABASE_URL": "postgresql://brobygger@db.example.dk/brobygger",  # not SQLite (W001)
            **env,
        },
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_check_deploy_fails_in_production_without_a_phone_number():
    result = _check_deploy({})
    assert result.returncode != 0
    assert "brobygger.E003" in result.stderr


def test_check_deploy_passes_the_phone_check_with_a_number():
    result = _check_deploy({"BROKER_PHONE": "87 13 00 00"})
    assert "brobygger.E003" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
