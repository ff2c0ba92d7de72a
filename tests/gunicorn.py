"""The real gunicorn for tests that read its logs: on a fresh SQLite database of its own,
migrated as ``brobygger setup`` does, on a free port, with its access and error logs in files,
and stopped afterwards. Bounded in time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

from tests.conftest import REPO
from tests.waiting import wait_for

# no control socket: gunicorn's default one in $HOME would be shared by every test's server
PLAIN = [str(Path(sys.executable).with_name("gunicorn")), "brobygger.config.wsgi",
         "--no-control-socket"]  # fmt: skip


def with_option(command: list[str], option: str, value: str) -> list[str]:
    """``command`` with ``option`` set to ``value`` (replaced where it is given already)."""
    if option in command:
        index = command.index(option)
        return command[: index + 1] + [value] + command[index + 2 :]
    return [*command, option, value]


@contextmanager
def gunicorn_serving(
    tmp_path: Path,
    command: list[str] = PLAIN,
    *,
    database_url: str | None = None,
    stdout: Path | None = None,
) -> Iterator[tuple[int, Path, Path]]:
    """Run ``command`` (a gunicorn command line) with only the address, one worker and the log
    files changed; yields (port, access log, error log) once it answers. ``database_url``: an
    empty database of the test's own instead of a fresh SQLite file; ``stdout``: a file for
    what the server writes on its standard output (Django's JSON log lines)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brobygger.config.test_settings",
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'brobygger.sqlite3'}",
        "BROBYGGER_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for step in (["migrate", "--noinput"], ["createcachetable"]):  # what `setup` does first
        subprocess.run([sys.executable, str(REPO / "manage.py"), *step],
                       cwd=REPO, env=env, check=True, capture_output=True, timeout=300)  # fmt: skip
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    for option, value in (
        ("--bind", f"127.0.0.1:{port}"),
        ("--workers", "1"),
        ("--access-logfile", str(access)),
        ("--error-logfile", str(errors)),
    ):
        command = with_option(command, option, value)
    output = stdout.open("ab") if stdout else None
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=output)

    def answers():
        try:
            return urlopen(f"http://127.0.0.1:{port}/faellesskab/kontakt/", timeout=2).status == 200
        except OSError:
            return False

    try:
        wait_for(answers, timeout=60, what=f"gunicorn on port {port} (log: {errors})")
        yield port, access, errors
    finally:
        server.terminate()
        server.wait(timeout=30)
        if output:
            output.close()
