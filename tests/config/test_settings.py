"""Settings come from the environment through validating helpers."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from brobygger.config.env import database_from_url, env_bool, env_clock, env_int


def test_it_defaults_to_sqlite_under_var():
    db = database_from_url(None, sqlite_path="/x/var/brobygger.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/x/var/brobygger.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"  # concurrent writers wait (issue 21)


def test_it_reads_a_postgresql_url():
    db = database_from_url("postgresql://bro:s%40cret@db.local:5433/brobygger", sqlite_path="x")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "bro",
        "s@cret",
        "db.local",
        "5433",
        "brobygger",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "postgresql://host/"])
def test_it_refuses_a_database_url_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url, sqlite_path="x")


def test_it_names_the_variable_of_a_bad_value(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='perhaps'"):
        env_bool("DEBUG", default=True)
    monkeypatch.setenv("EMAIL_PORT", "twenty")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 587)


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "brobygger.config.settings",  # production's, not the tests'
            **env,
        },
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )


def test_it_needs_a_secret_key_in_production():
    result = _manage({"DEBUG": "0", "SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_passes_the_deployment_checklist_in_production():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 64 + "-production-like-secret-for-the-check",
        "ALLOWED_HOSTS": "brobygger.example.dk",
        # production sends its messages (printed ones are refused: tests/security/test_19_09c…)
        "EMAIL_HOST": "smtp.example.dk",
        "SMS_BACKEND": "aarhus_kommune.sms.GatewayBackend",
        "BROKER_PHONE": "87 13 00 00",  # citizens are told to call it (brobygger.E003)
        "SITE_URL": "https://brobygger.example.dk",  # links in mails over https (E004)
        "AXES_PROXY_COUNT": "1",  # behind one nginx (brobygger.E006)
        "DATABASE_URL": "postgresql://brobygger@db.example.dk/brobygger",  # not SQLite (W001)
    }
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("raw", "expected"), [("06:15", "06:15"), ("6:05", "06:05"), ("23:59", "23:59"), ("", "06:15")]
)
def test_it_reads_the_daily_time(monkeypatch, raw, expected):
    monkeypatch.setenv("DAILY_AT", raw)
    assert env_clock("DAILY_AT", "06:15") == expected


@pytest.mark.parametrize("raw", ["24:00", "6", "06:60", "06:5", "six", "06:15:00", "-1:00"])
def test_it_refuses_a_daily_time_that_is_not_hh_mm(monkeypatch, raw):
    monkeypatch.setenv("DAILY_AT", raw)
    with pytest.raises(ImproperlyConfigured, match="DAILY_AT=.*HH:MM"):
        env_clock("DAILY_AT", "06:15")
