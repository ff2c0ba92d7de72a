"""Operations tests run the real commands in subprocesses, each on a database of its own.

- ``Site``: one installation (a database URL, a var directory, a source tree) and its commands:
  ``brobygger ...``, ``manage.py ...`` and small Python scripts run with that tree first on
  ``sys.path`` (the same virtualenv).
- ``scratch_postgres(name)``: a fresh database on the server the test run uses, dropped after.
- ``demo_rows(site)``: every row of every table as ``dumpdata`` writes it (field by field).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
BROBYGGER = Path(sys.executable).with_name("brobygger")
TIMEOUT = 600
# Tables whose rows describe the installation, not its data; left out of row-by-row comparisons
# (their counts are still compared).
NOT_DATA = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


@dataclass
class Site:
    """One installation: its database, its var directory and the source tree it runs."""

    database_url: str
    var_dir: Path
    tree: Path = REPO
    debug: bool = False

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "BROBYGGER_"))
        }
        env.update(
            PYTHONPATH=str(self.tree),
            DJANGO_SETTINGS_MODULE="brobygger.config.settings",
            DATABASE_URL=self.database_url,
            BROBYGGER_VAR_DIR=str(self.var_dir),
            SECRET_KEY="ops-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            DEBUG="1" if self.debug else "0",
            SECURE_SSL_REDIRECT="0",
            BROKER_PHONE="86 20 00 00",
            TASKS_BACKEND="database",
        )
        env.update(extra)
        return env

    def run(self, *command: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            list(command), cwd=self.var_dir, env=self.env(**extra), capture_output=True,
            text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise AssertionError(
                f"{' '.join(command)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
        return done

    def brobygger(self, *args: str, check: bool = True, **extra: str):
        """``brobygger ARGS`` of this site's tree (``python -m brobygger.cli``)."""
        return self.run(sys.executable, "-m", "brobygger.cli", *args, check=check, **extra)

    def manage(self, *args: str, **extra: str):
        return self.run(sys.executable, str(self.tree / "manage.py"), *args, **extra)

    def script(self, code: str, **extra: str) -> str:
        """Run ``code`` after ``django.setup()`` with this site's tree; return its stdout."""
        prelude = "import django\ndjango.setup()\n"
        return self.run(sys.executable, "-c", prelude + code, **extra).stdout

    def rows(self) -> list[dict]:
        """Every row of the data tables, in a stable order (``dumpdata``)."""
        args = ["dumpdata", "--all", "--indent", "0"]  # --all: demo rows too
        for label in NOT_DATA:
            args += ["--exclude", label]
        rows = json.loads(self.manage(*args).stdout)
        return sorted(rows, key=lambda row: (row["model"], json.dumps(row["pk"])))

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return json.loads(self.script(COUNTS))


COUNTS = """
import json
from django.db import connection
with connection.cursor() as cursor:
    counts = {}
    for table in connection.introspection.table_names(cursor):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
print(json.dumps(counts))
"""


def sqlite_url(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / 'brobygger.sqlite3'}"


def _server() -> dict:
    """How to reach the PostgreSQL server of the test run (its DATABASE_URL)."""
    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "127.0.0.1",
        "port": int(settings["PORT"] or 5432),
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
    }


@contextmanager
def scratch_postgres(purpose: str) -> Iterator[str]:
    """A new, empty database on the test run's PostgreSQL server; its URL. Dropped after."""
    import psycopg

    server = _server()
    name = f"brobygger_ops_{purpose}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    try:
        yield f"postgresql://{auth}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_postgres(url: str) -> None:
    """Drop everything in the database of ``url`` (its public schema, made again empty)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("DROP SCHEMA public CASCADE")
        db.execute("CREATE SCHEMA public")


def fill_with_demo(site: Site, fixture: Path) -> None:
    """Fill ``site`` (migrated) with the rows of ``fixture`` (``dumpdata`` of a demo site)."""
    site.manage("loaddata", str(fixture))


def make_demo_fixture(tree: Path, work: Path, extra: str = "") -> Path:
    """The demo content of ``tree`` (every app: users, initiatives, referrals, activities with
    sign-ups, network slots...) made by its own ``setup`` on SQLite in demo mode, as a fixture
    that ``loaddata`` puts into any database migrated by the same tree. ``extra``: a script
    run after the setup (``Site.script``) that adds more."""
    work.mkdir(parents=True, exist_ok=True)
    demo = Site(sqlite_url(work), work, tree=tree, debug=True)
    demo.run(sys.executable, "-m", "brobygger.cli", "setup")
    if extra:
        demo.script(extra)
    fixture = work / "demo.json"
    args = ["dumpdata", "--all", "--natural-foreign", "--output", str(fixture)]
    for label in NOT_DATA:
        args += ["--exclude", label]
    demo.manage(*args)
    return fixture
