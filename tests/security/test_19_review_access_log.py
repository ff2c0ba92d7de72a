"""Review of issue 19, finding 9 (A): a token in a request's path must not reach gunicorn's
access log. gunicorn logs the request line whatever the answer, so the retired links that
carried a token in the path (they now redirect) and Django's password-reset link (its token is
in the path) are logged before Django sees them. ``brobygger serve`` runs gunicorn with a logger
class that writes ``[redacted]`` for those path segments, in the request line, the path, the
query (a ``next=`` address) and the referer.

The test starts the real gunicorn with the arguments ``serve`` gives it (only the address, the
worker count and the log files differ), on a fresh SQLite database, bounded in time."""

from __future__ import annotations

import http.client
import secrets
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from brobygger import cli
from brobygger.insights import supervisor
from tests.gunicorn import gunicorn_serving
from tests.waiting import wait_for


def _serves_gunicorn_command(monkeypatch, settings) -> list[str]:
    """The gunicorn command line ``brobygger serve`` runs (nothing is started)."""
    settings.DEBUG = True  # no deployment checks, no collectstatic
    monkeypatch.setattr(cli, "django_setup", lambda: None)
    monkeypatch.setattr(cli, "setup", lambda: None)
    monkeypatch.setattr("brobygger.accounts.demo.demo_logins_lines", lambda: [])
    seen: list[list[str]] = []

    def run_beside(command, _worker, *, env=None):
        seen.append(list(command))
        return 0

    monkeypatch.setattr(supervisor, "run_beside", run_beside)
    result = CliRunner().invoke(cli.app, ["serve", "--port", "8000", "--workers", "2"])
    assert result.exit_code == 0, result.output
    (command,) = seen
    return command


@pytest.fixture
def gunicorn_as_served(monkeypatch, settings, tmp_path):
    command = _serves_gunicorn_command(monkeypatch, settings)
    assert Path(command[0]).name == "gunicorn" and command[1] == "brobygger.config.wsgi"
    with gunicorn_serving(tmp_path, command) as served:
        yield served


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, str]:
    """One GET, redirects not followed (a retired link answers 302)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def test_it_keeps_tokens_in_paths_out_of_gunicorns_access_log(gunicorn_as_served):
    port, access, errors = gunicorn_as_served
    tokens = {}
    paths = {
        "withdrawal": "/faellesskab/tilbagekald/{}/",
        "invitation": "/konto/invitation/{}/",
        "welcome": "/konto/velkommen/MQ/{}/",
        "confirmation": "/aktiviteter/konto/bekraeft/MQ/{}/",
        "reset": "/konto/nulstil/MQ/{}/",
    }
    sent = {}
    for what, pattern in paths.items():
        tokens[what] = secrets.token_urlsafe(24)
        sent[what] = pattern.format(tokens[what])
        _get(port, sent[what])
    # the same link as a sign-in page's next= address, and as the referer of a request
    tokens["next"] = secrets.token_urlsafe(24)
    next_path = "/konto/log-ind/?next=" + quote(f"/konto/nulstil/MQ/{tokens['next']}/", safe="")
    _get(port, next_path)
    tokens["referer"] = secrets.token_urlsafe(24)
    referer = f"http://127.0.0.1:{port}/konto/velkommen/MQ/{tokens['referer']}/"
    _get(port, "/tilgaengelighed/", {"Referer": referer})
    _get(port, "/tilbud/?q=klub&postnummer=8000")  # no query is logged (issue 21)
    probe = secrets.token_hex(8)  # the last request: once it is logged, all are
    _get(port, f"/probe-{probe}/")

    log = wait_for(lambda: probe in access.read_text() and access.read_text(),
                   what=f"the probe in {access}")  # fmt: skip
    for what, token in tokens.items():
        assert token not in log, what
        assert token not in errors.read_text(), what
    # the rest of each request line is kept
    assert 'GET /faellesskab/tilbagekald/[redacted]/ HTTP/1.1" 302' in log, log
    assert 'GET /konto/invitation/[redacted]/ HTTP/1.1" 302' in log, log
    assert "GET /konto/velkommen/[redacted]/[redacted]/ HTTP/1.1" in log, log
    assert "GET /aktiviteter/konto/bekraeft/[redacted]/[redacted]/ HTTP/1.1" in log, log
    assert "GET /konto/nulstil/[redacted]/[redacted]/ HTTP/1.1" in log, log
    assert "GET /konto/log-ind/?[redacted] HTTP/1.1" in log, log
    assert f'"http://127.0.0.1:{port}/konto/velkommen/[redacted]/[redacted]/"' in log, log
    assert "GET /tilbud/?[redacted] HTTP/1.1" in log, log
    assert "klub" not in log and "postnummer" not in log
