"""Issue 21: ``brobygger check`` runs Django's ``check --deploy`` and our own checks, names each
problem on a line of its own and exits non-zero; it is green when production is set up.
``brobygger serve`` runs the same checks and refuses to start on an error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from brobygger.core.checks import secret_key_weakness
from tests.conftest import REPO

STRONG_SECRET = "Qx7-" + "production-like-secret-for-brobygger-check-0123456789"
PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DEBUG": "0",
    "SECRET_KEY": STRONG_SECRET,
    "ALLOWED_HOSTS": "brobygger.example.dk",
    "EMAIL_HOST": "smtp.example.dk",
    "SMS_BACKEND": "aarhus_kommune.sms.GatewayBackend",  # a gateway class (only named here)
    "BROKER_PHONE": "87 13 00 00",
    "SITE_URL": "https://brobygger.example.dk",
    "AXES_PROXY_COUNT": "1",
    "DATABASE_URL": "postgresql://brobygger@db.example.dk/brobygger",  # named, never connected
}


def _brobygger(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    environment = {**PRODUCTION, **env}
    return subprocess.run(
        [sys.executable, "-m", "brobygger.cli", *args],
        env={k: v for k, v in environment.items() if v is not None},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _problem_ids(result: subprocess.CompletedProcess) -> set[str]:
    return {line.split(" ", 1)[0] for line in result.stderr.splitlines() if " (" in line}


def test_it_is_green_when_production_is_set_up():
    result = _brobygger("check")
    assert result.returncode == 0, result.stderr
    assert "No problems found" in result.stdout
    assert result.stderr == ""


def test_it_is_red_with_console_backends_and_no_broker_phone():
    result = _brobygger("check", EMAIL_HOST=None, SMS_BACKEND=None, BROKER_PHONE="")
    assert result.returncode == 1
    assert {"brobygger.E001", "brobygger.E002", "brobygger.E003"} <= _problem_ids(result)
    assert "3 problem(s)" in result.stderr
    for line in result.stderr.splitlines()[:-1]:  # one line each, with what to do
        assert line.startswith("brobygger.E00") and "Hint: " in line


GATEWAY = "brobygger.core.sms.HttpGateway"


@pytest.mark.parametrize(
    ("env", "problem", "named"),
    [
        ({"SITE_URL": "http://brobygger.example.dk"}, "brobygger.E004", "SITE_URL"),
        ({"SECRET_KEY": "short-key"}, "brobygger.E005", "SECRET_KEY"),
        ({"SECRET_KEY": "ab" * 40}, "brobygger.E005", "SECRET_KEY"),
        ({"SECRET_KEY": "change-me-" + "7" * 60}, "brobygger.E005", "SECRET_KEY"),
        ({"AXES_PROXY_COUNT": "0"}, "brobygger.E006", "AXES_PROXY_COUNT"),
        ({"AXES_PROXY_COUNT": None}, "brobygger.E006", "AXES_PROXY_COUNT"),
        ({"DEBUG": "1", "AXES_PROXY_COUNT": "2"}, "brobygger.E006", "AXES_PROXY_COUNT"),
        (
            {
                "SMS_BACKEND": GATEWAY,
                "SMS_GATEWAY_URL": "http://sms.example.dk/send",
                "SMS_GATEWAY_TOKEN": "t0ken",
            },
            "brobygger.E007",
            "SMS_GATEWAY_URL",
        ),  # fmt: skip
        (
            {
                "SMS_BACKEND": GATEWAY,
                "SMS_GATEWAY_URL": "https://sms.example.dk/send",
                "SMS_GATEWAY_TOKEN": "",
            },
            "brobygger.E007",
            "SMS_GATEWAY_TOKEN",
        ),  # fmt: skip
    ],
    ids=[
        "http",
        "short",
        "repetitive",
        "placeholder",
        "proxy-0",
        "proxy-unset",
        "no-proxy",
        "sms-http",
        "sms-no-token",
    ],  # fmt: skip
)
def test_it_names_each_error(env, problem, named):
    result = _brobygger("check", "--fail-level", "ERROR", **env)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(problem)]
    assert len(lines) == 1 and named in lines[0], result.stderr


def test_sqlite_in_production_is_a_warning(tmp_path):
    sqlite = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    strict = _brobygger("check", **sqlite)
    assert strict.returncode == 1
    assert _problem_ids(strict) == {"brobygger.W001"}
    assert "brobygger.W001 (warning)" in strict.stderr and "PostgreSQL" in strict.stderr
    lenient = _brobygger("check", "--fail-level", "ERROR", **sqlite)
    assert lenient.returncode == 0, lenient.stderr


def test_serve_refuses_to_start_on_an_error(tmp_path):
    result = _brobygger(
        "serve", "--port", "9", SECRET_KEY="short-key", BROBYGGER_VAR_DIR=str(tmp_path / "var")
    )
    assert result.returncode == 2
    assert "brobygger.E005" in result.stderr and "was not started" in result.stderr
    assert not (tmp_path / "var").exists()  # not even set up


@pytest.mark.parametrize(
    ("key", "weak"),
    [
        (STRONG_SECRET, False),
        ("x" * 49, True),
        ("abcd" * 20, True),
        ("dev-only-insecure-key-do-not-use-in-production", True),
        ("please-CHANGEME-" + "q1w2e3r4t5" * 5, True),
    ],
)
def test_it_knows_a_weak_secret_key(key, weak):
    assert (secret_key_weakness(key) is not None) is weak
