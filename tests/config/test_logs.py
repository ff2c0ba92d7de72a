"""Issue 21: logs for journald and log shippers. ``LOG_FORMAT=json`` gives one JSON object a
line on stdout (time, level, logger, message, request_id) from Django, and gunicorn's access log
in the same shape; every request has an id, sent back in ``X-Request-ID``. No log line holds an
e-mail address, a search query string, a postcode or a token. Errors are mailed to ``ADMINS``,
without personal data.

The log test runs the real gunicorn with the command line ``brobygger serve`` gives it."""

from __future__ import annotations

import http.client
import json
import logging
import re
import secrets
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import RequestFactory
from typer.testing import CliRunner

from brobygger import cli
from brobygger.config.env import env_admins
from brobygger.core.redaction import redact_line
from brobygger.core.request_id import request_id_for
from brobygger.insights import supervisor
from tests.gunicorn import gunicorn_serving
from tests.waiting import wait_for

NEW_ID = re.compile(r"[0-9a-f]{32}")


def _serve_command(monkeypatch, settings) -> list[str]:
    """The gunicorn command line ``brobygger serve`` runs (nothing is started)."""
    settings.DEBUG = True  # no deployment checks, no collectstatic
    monkeypatch.setattr(cli, "django_setup", lambda: None)
    monkeypatch.setattr(cli, "setup", lambda: None)
    monkeypatch.setattr("brobygger.accounts.demo.demo_logins_lines", lambda: [])
    seen: list[list[str]] = []
    monkeypatch.setattr(
        supervisor, "run_beside", lambda command, _worker, *, env=None: seen.append(command) or 0
    )
    result = CliRunner().invoke(cli.app, ["serve", "--port", "8000"])
    assert result.exit_code == 0, result.output
    return seen[0]


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def _json_lines(path: Path) -> list[dict]:
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # every line is one JSON object


def test_json_logs_of_the_real_gunicorn_name_the_request_and_hold_no_personal_data(
    monkeypatch, settings, tmp_path
):
    command = _serve_command(monkeypatch, settings)
    monkeypatch.setenv("LOG_FORMAT", "json")
    monkeypatch.setenv("LOG_LEVEL", "INFO")
    stdout = tmp_path / "stdout.log"
    token = secrets.token_urlsafe(24)
    probe = "probe-" + secrets.token_hex(8)
    secrets_sent = ["anna.jensen", "ensomhed", "strikning", "postnummer", token]
    with gunicorn_serving(tmp_path, command, stdout=stdout) as (port, access, errors):
        missing = _get(
            port,
            "/ingen-side/anna.jensen@example.org/?postnummer=8210&q=ensomhed",
            {"X-Request-ID": probe},
        )
        search = _get(port, "/tilbud/?q=strikning&postnummer=8210", {"X-Request-ID": "a b"})
        reset = _get(port, f"/konto/nulstil/MQ/{token}/", {})
        wait_for(lambda: probe in stdout.read_text() and access.read_text().count("\n") >= 3,
                 timeout=60, what=f"the log lines in {stdout} and {access}")  # fmt: skip
    assert missing.status == 404 and missing.getheader("X-Request-ID") == probe
    assert search.status == 200 and NEW_ID.fullmatch(search.getheader("X-Request-ID"))
    assert reset.getheader("X-Request-ID")

    accessed = _json_lines(access)
    by_id = {line["request_id"]: line for line in accessed}
    assert set(by_id[probe]) >= {"time", "level", "logger", "message", "request_id"}
    assert by_id[probe]["logger"] == "gunicorn.access" and by_id[probe]["status"] == 404
    assert by_id[probe]["message"] == "GET /ingen-side/[email]/?[redacted] HTTP/1.1 404"
    searched = by_id[search.getheader("X-Request-ID")]
    assert searched["message"] == "GET /tilbud/?[redacted] HTTP/1.1 200"
    assert by_id[reset.getheader("X-Request-ID")]["path"] == "/konto/nulstil/[redacted]/[redacted]/"

    django_lines = [line for line in _json_lines(stdout) if line["logger"] == "django.request"]
    (not_found,) = [line for line in django_lines if line["request_id"] == probe]
    assert not_found["level"] == "WARNING"
    assert not_found["message"] == "Not Found: /ingen-side/[email]/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", not_found["time"])

    _json_lines(errors)  # gunicorn's own lines are JSON too
    everything = access.read_text() + stdout.read_text() + errors.read_text()
    for secret in secrets_sent:
        assert secret not in everything, secret


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("4f1c-9a.ab_Z", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("has space", False),
        ("anna@example.org", False),
        ("æøå", False),
        ("", False),
        (None, False),
    ],
)
def test_it_keeps_an_incoming_request_id_only_when_it_is_a_short_token(incoming, kept):
    made = request_id_for(incoming)
    assert (made == incoming) is kept
    if not kept:
        assert NEW_ID.fullmatch(made)


def test_every_response_names_its_request(client, db):
    first = client.get("/faellesskab/kontakt/")
    second = client.get("/faellesskab/kontakt/", headers={"X-Request-ID": "from-nginx-1"})
    assert NEW_ID.fullmatch(first["X-Request-ID"])
    assert second["X-Request-ID"] == "from-nginx-1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /tilbud/?q=ensomhed&postnummer=8000 HTTP/1.1", "GET /tilbud/?[redacted] HTTP/1.1"),
        ("https://x.dk/a/?b=c#d", "https://x.dk/a/?[redacted]#d"),
        ("mail to anna.b+x@sub.example.dk failed", "mail to [email] failed"),
        ("/konto/nulstil/MQ/a-b/faerdig/", "/konto/nulstil/[redacted]/[redacted]/faerdig/"),
        ("no secret here: 404 for /aktiviteter/", "no secret here: 404 for /aktiviteter/"),
    ],
)  # fmt: skip
def test_it_redacts_queries_mail_addresses_and_tokens(text, expected):
    assert redact_line(text) == expected


def test_it_reads_admins(monkeypatch):
    monkeypatch.setenv("ADMINS", "Drift Aarhus <drift@aarhus.dk>, it@example.dk")
    assert env_admins("ADMINS") == [
        ("Drift Aarhus", "drift@aarhus.dk"),
        ("it@example.dk", "it@example.dk"),
    ]
    monkeypatch.setenv("ADMINS", "")
    assert env_admins("ADMINS") == []


@pytest.mark.parametrize("raw", ["drift", "Drift <drift>", "a@b"])
def test_it_refuses_admins_that_are_not_addresses(monkeypatch, raw):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("ADMINS", raw)
    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        env_admins("ADMINS")


def test_errors_are_mailed_to_admins_without_personal_data(settings):
    settings.ADMINS = [("Drift", "drift@aarhus.dk")]
    token = secrets.token_urlsafe(24)
    request = RequestFactory().post(
        f"/konto/nulstil/MQ/{token}/?postnummer=8210&q=ensomhed",
        {"email": "anna.jensen@example.org", "phone": "+4581234567"},
        HTTP_COOKIE="sessionid=s3cr3t-session",
    )
    try:
        raise RuntimeError("the view failed")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.get_full_path(),
            exc_info=sys.exc_info(),
            extra={"status_code": 500, "request": request},
        )
    (sent,) = mail.outbox
    assert sent.to == ["drift@aarhus.dk"]
    assert "Internal Server Error: /konto/nulstil/[redacted]/[redacted]/?[redacted]" in sent.subject
    assert "Exception Value: the view failed" in sent.body  # what went wrong, and where
    assert "test_logs.py" in sent.body
    for secret in (token, "anna.jensen", "81234567", "ensomhed", "s3cr3t-session"):
        assert secret not in sent.subject + sent.body, secret
