"""Issue 21: gunicorn (25.1 and later) opens a control socket, by default one path in the
user's home shared by every gunicorn the user runs. ``brobygger serve`` runs it with none."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from brobygger import cli
from brobygger.insights import supervisor
from tests.gunicorn import PLAIN, gunicorn_serving
from tests.waiting import wait_for


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


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return home


def test_serve_runs_gunicorn_without_the_shared_control_socket(monkeypatch, settings, home):
    command = _serve_command(monkeypatch, settings)
    assert "--no-control-socket" in command
    with gunicorn_serving(home.parent, command):
        assert not (home / ".gunicorn" / "gunicorn.ctl").exists()


def test_without_the_option_gunicorn_would_share_one_in_home(home):
    plain = [part for part in PLAIN if part != "--no-control-socket"]
    with gunicorn_serving(home.parent, plain):
        socket = home / ".gunicorn" / "gunicorn.ctl"
        wait_for(socket.exists, timeout=60, what=f"gunicorn's default control socket {socket}")
