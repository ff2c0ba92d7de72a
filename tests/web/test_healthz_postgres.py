"""/healthz on PostgreSQL: a real gunicorn on a throw-away PostgreSQL cluster of the test's own
(as scripts/postgres.sh starts one) answers 200, then 503 once that server is stopped, and 200
again when it is back."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.gunicorn import gunicorn_serving
from tests.ops.stack import postgres_bin
from tests.web.test_healthz import _get

PG_BIN = postgres_bin()


def _as_postgres(*command: str) -> None:
    """Run a PostgreSQL server tool, as the user postgres when we are root (it refuses root)."""
    if os.geteuid() == 0:
        command = ("runuser", "-u", "postgres", "--", *command)
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_cluster() -> Iterator[tuple[str, Path, int]]:
    """A new cluster on a free port: yields (DATABASE_URL of an empty database, data
    directory, port); stopped and deleted afterwards."""
    data = Path(tempfile.mkdtemp(prefix="brobygger-healthz-pg."))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    try:
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                     "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        _pg_ctl(data, port, "start")
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U",
                        "postgres", "brobygger"], check=True, timeout=60)  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/brobygger", data, port
    finally:
        with suppress(subprocess.CalledProcessError):  # stopped already
            _pg_ctl(data, port, "stop")
        shutil.rmtree(data, ignore_errors=True)


def _pg_ctl(data: Path, port: int, action: str) -> None:
    options = f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
    arguments = ["-D", str(data), "-w", "-t", "120"]
    if action == "start":
        arguments += ["-l", str(data / "server.log"), "-o", options]
    else:
        arguments += ["-m", "fast"]
    _as_postgres(str(PG_BIN / "pg_ctl"), *arguments, action)


@pytest.mark.postgres
def test_it_is_503_while_postgresql_is_stopped(tmp_path):
    with (
        postgres_cluster() as (url, data, port),
        gunicorn_serving(tmp_path, database_url=url) as (web_port, _access, _errors),
    ):
        subprocess.run([str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U",
                        "postgres", "-d", "brobygger", "-c",
                        "INSERT INTO core_workerheartbeat (owner, seen) "
                        "VALUES ('host:1', now())"], check=True, timeout=60)  # fmt: skip
        assert _get(web_port) == (200, "ok")
        _pg_ctl(data, port, "stop")
        assert _get(web_port) == (503, "unavailable")
        assert _get(web_port) == (503, "unavailable")
        _pg_ctl(data, port, "start")
        assert _get(web_port) == (200, "ok")
