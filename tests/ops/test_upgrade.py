"""The upgrade: a database made and filled by the release tagged ``v2026.11``, then this code's
``brobygger setup`` over it (back up, install, setup, restart). Every row the old code wrote is
still there with the same fields, the counts per table are the same, and the pages answer.

The old release's databases are committed in ``tests/ops/releases/v2026.11/``, as SQL, with the
rows its own ``dumpdata`` wrote from them; ``tests/ops/releases/snapshot.py`` made them from the
tagged source: its ``setup`` in demo mode (users of every role, initiatives, arenas, referrals,
activities, network slots and bookings, courses, ideas) and sign-ups through its own service; on
PostgreSQL the same rows loaded by its ``loaddata`` into a database its own migrations made. A
clean checkout needs no tags or history for this test.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from tests.ops.processes import Site, scratch_postgres, sqlite_url
from tests.ops.stack import postgres_bin

RELEASE = Path(__file__).resolve().parent / "releases" / "v2026.11"
PAGES = ("/", "/tilbud/", "/tilbud/?q=samv%C3%A6r", "/aktiviteter/", "/faellesskab/kontakt/")
STATUS = """
import json
from django.test import Client
client = Client()
print(json.dumps({path: client.get(path).status_code for path in %r}))
"""

# Tables that describe the installation and grow with the new code: its migrations, models and
# their permissions, SQLite's planner statistics, and the synthetic analysis `setup` queues.
GROWS = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "sqlite_stat1",
    "django_tasks_database_dbtaskresult",
}


def snapshot(name: str) -> str:
    return gzip.decompress((RELEASE / name).read_bytes()).decode("utf-8")


def by_key(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(row["model"], json.dumps(row["pk"])): row["fields"] for row in rows}


def upgrade_and_compare(old: Site, before_rows: list[dict]) -> None:
    before_counts = old.counts()
    assert {row["model"].split(".")[0] for row in before_rows} >= {
        "accounts", "directory", "referrals", "activities", "network",
    }  # fmt: skip
    assert sum(row["model"] == "activities.signup" for row in before_rows) >= 4
    new = Site(old.database_url, old.var_dir)  # this code, over the same database

    new.brobygger("setup")

    after = by_key(new.rows())
    changed = []
    for key, fields in by_key(before_rows).items():
        if key not in after:
            changed.append(f"{key}: gone")
            continue
        for name, value in fields.items():  # fields added since keep their defaults
            if name in after[key] and after[key][name] != value:
                changed.append(f"{key}.{name}: {value!r} -> {after[key][name]!r}")
    assert changed == []
    after_counts = new.counts()
    assert {table: after_counts.get(table) for table in before_counts if table not in GROWS} == {
        table: count for table, count in before_counts.items() if table not in GROWS
    }
    statuses = json.loads(
        new.script(
            STATUS % (PAGES,),
            ALLOWED_HOSTS="testserver",
            DJANGO_SETTINGS_MODULE="brobygger.config.test_settings",
        )
    )
    assert statuses == dict.fromkeys(PAGES, 200)


@pytest.mark.postgres
def test_it_keeps_every_row_of_v2026_11_on_postgresql(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    with scratch_postgres("upgrade") as url:
        subprocess.run(
            [postgres_bin() / "psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1",
             "--dbname", url],
            input=snapshot("postgresql.sql.gz"), capture_output=True, text=True, check=True,
            timeout=300,
        )  # fmt: skip
        old = Site(url, var)

        upgrade_and_compare(old, json.loads(snapshot("rows-postgresql.json.gz")))


def test_it_keeps_every_row_of_v2026_11_on_sqlite(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    with closing(sqlite3.connect(var / "brobygger.sqlite3")) as db:
        db.executescript(snapshot("sqlite.sql.gz"))
    old = Site(sqlite_url(var), var)  # the upgrade runs as production does: DEBUG off

    upgrade_and_compare(old, json.loads(snapshot("rows-sqlite.json.gz")))
