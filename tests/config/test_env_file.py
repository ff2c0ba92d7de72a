"""Issue 21: one configuration for every entry point. ``BROBYGGER_ENV_FILE`` names a file of
``KEY=value`` lines (systemd's EnvironmentFile format) that the ``brobygger`` command,
``manage.py``, the worker and wsgi (gunicorn) all read; the real environment wins. A
configuration error is one line on stderr that names the variable, exit 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

import pytest

from brobygger.config import envfile
from tests.conftest import REPO
from tests.gunicorn import gunicorn_serving

SECRET = "e" * 20 + "Z7q-production-like-secret-from-the-env-file-0123456789"
BARE = {"PATH": "/usr/bin:/bin"}  # what cron gives a command: no settings at all


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *command],
        env={**BARE, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _env_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brobygger.env"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_one_line_naming(result: subprocess.CompletedProcess, variable: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_it_reads_systemd_environment_file_syntax():
    text = (
        "# Brobygger\n"
        "\n"
        "; also a comment\n"
        "DEBUG=0\n"
        '  SECRET_KEY = "a b \\"c\\" \\\\ $x"  \n'
        "BROKER_PHONE='87 13 00 00'\n"
        "SITE_URL=https://brobygger.example.dk/#not-a-comment\n"
        "EMPTY=\n"
    )
    assert envfile.parse(text, "x.env") == {
        "DEBUG": "0",
        "SECRET_KEY": 'a b "c" \\ $x',
        "BROKER_PHONE": "87 13 00 00",
        "SITE_URL": "https://brobygger.example.dk/#not-a-comment",
        "EMPTY": "",
    }


@pytest.mark.parametrize(
    ("text", "line"), [("DEBUG=0\nno assignment\n", 2), ('X="open\n', 1), ("1X=y\n", 1)]
)
def test_it_names_the_file_and_line_of_a_bad_line(text, line):
    with pytest.raises(envfile.EnvFileError, match=rf"BROBYGGER_ENV_FILE=x.env, line {line}"):
        envfile.parse(text, "x.env")


def test_the_real_environment_wins_over_the_file(tmp_path):
    path = _env_file(tmp_path, "BROKER_PHONE=from the file\nSITE_URL=https://file.example\n")
    environ = {"BROBYGGER_ENV_FILE": str(path), "BROKER_PHONE": "from the environment"}
    assert envfile.load(environ) == path
    assert environ["BROKER_PHONE"] == "from the environment"
    assert environ["SITE_URL"] == "https://file.example"


def test_a_cron_job_without_settings_gets_one_line_naming_secret_key():
    result = _run(["-m", "brobygger.cli", "users", "list"], {})
    _assert_one_line_naming(result, "SECRET_KEY")
    assert "BROBYGGER_ENV_FILE" in result.stderr  # and where to put it


@pytest.mark.parametrize(
    "command",
    [
        ["manage.py", "check"],
        ["-m", "brobygger.config", "brobygger_worker", "--recover-only"],
        ["-m", "brobygger.cli", "users", "add", "x", "--role", "broker"],
    ],
    ids=["manage.py", "worker", "brobygger users add"],
)
def test_every_command_reports_a_configuration_error_in_one_line(command):
    result = _run(command, {"DEBUG": "0"})
    _assert_one_line_naming(result, "SECRET_KEY")


def test_a_bad_value_is_one_line_naming_its_variable():
    result = _run(["manage.py", "check"], {"DEBUG": "1", "DAILY_AT": "25:00"})
    _assert_one_line_naming(result, "DAILY_AT")


def test_wsgi_reports_a_configuration_error_in_one_line():
    result = _run(["-c", "import brobygger.config.wsgi"], {"DEBUG": "0"})
    assert result.returncode == 3  # gunicorn's "worker failed to boot": it halts
    assert result.stderr.strip().count("\n") == 0 and "SECRET_KEY" in result.stderr


def test_a_missing_env_file_is_a_configuration_error(tmp_path):
    missing = tmp_path / "nowhere.env"
    result = _run(["-m", "brobygger.cli", "users", "list"], {"BROBYGGER_ENV_FILE": str(missing)})
    _assert_one_line_naming(result, "BROBYGGER_ENV_FILE")
    assert str(missing) in result.stderr


def test_an_unreadable_env_file_is_a_configuration_error(tmp_path):
    result = _run(["manage.py", "check"], {"BROBYGGER_ENV_FILE": str(tmp_path)})  # a folder
    _assert_one_line_naming(result, "BROBYGGER_ENV_FILE")
    assert "cannot be read" in result.stderr


def test_a_malformed_env_file_names_its_line(tmp_path):
    path = _env_file(tmp_path, "DEBUG=1\nSECRET_KEY x\n")
    result = _run(["manage.py", "check"], {"BROBYGGER_ENV_FILE": str(path)})
    _assert_one_line_naming(result, "line 2")


def test_the_cli_manage_py_and_the_worker_read_the_env_file(tmp_path):
    database = tmp_path / "from-the-env-file.sqlite3"
    path = _env_file(
        tmp_path,
        f"DEBUG=0\nSECRET_KEY='{SECRET}'\nDATABASE_URL=sqlite:///{database}\n"
        f"BROBYGGER_VAR_DIR={tmp_path}\n",
    )
    env = {"BROBYGGER_ENV_FILE": str(path)}
    migrated = _run(["manage.py", "migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr
    assert database.is_file()  # manage.py used the env file's database
    listed = _run(["-m", "brobygger.cli", "users", "list"], env)
    assert listed.returncode == 0, listed.stderr
    worker = _run(["-m", "brobygger.config", "brobygger_worker", "--recover-only"], env)
    assert worker.returncode == 0, worker.stderr
    # the real environment wins: a database URL the worker cannot use is reported, not the file's
    refused = _run(
        ["-m", "brobygger.config", "brobygger_worker", "--recover-only"],
        {**env, "DATABASE_URL": "mysql://elsewhere/db"},
    )
    _assert_one_line_naming(refused, "DATABASE_URL")


def test_gunicorn_reads_the_env_file(tmp_path, monkeypatch):
    path = _env_file(tmp_path, "BROKER_PHONE='87 65 43 21'\n")
    monkeypatch.delenv("BROKER_PHONE", raising=False)
    monkeypatch.setenv("BROBYGGER_ENV_FILE", str(path))
    with gunicorn_serving(tmp_path) as (port, _access, _errors):
        page = urlopen(f"http://127.0.0.1:{port}/faellesskab/kontakt/", timeout=30).read()
    assert "87 65 43 21" in page.decode()
