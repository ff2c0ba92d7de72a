"""Make the database snapshot of an older release that ``tests/ops/test_upgrade.py`` upgrades.

A municipality upgrades from its database, not from a source tree, and a clean checkout may have
no tags or history to build the old release from. So the old release's databases are committed,
made once by this script from the tagged source::

    source scripts/postgres.sh   # a PostgreSQL server for the PostgreSQL snapshot
    .venv/bin/python -m tests.ops.releases.snapshot v2026.11

It writes ``tests/ops/releases/<tag>/``:

- ``sqlite.sql.gz``: the SQLite database the old release's ``brobygger setup`` made in demo mode
  (users of every role, initiatives, arenas, referrals, activities, network slots and bookings,
  courses, ideas), plus sign-ups made through the old release's own sign-up service, as SQL text
  (``sqlite3``'s ``iterdump``).
- ``postgresql.sql.gz``: a PostgreSQL database the old release's migrations made, filled by its
  ``loaddata`` with the same rows (``pg_dump --no-owner --no-privileges``, plain SQL for psql).
- ``rows-sqlite.json.gz``, ``rows-postgresql.json.gz``: every data row as the old release's
  ``dumpdata`` wrote it from each database: what the upgrade must keep, field by field.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg

from tests.ops.processes import NOT_DATA, Site, make_demo_fixture, sqlite_url

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

# Through the old release's own service: sign-ups for the first activities open for them (its
# demo has none); one of them on the waiting list.
OLD_SIGNUPS = """
from brobygger.activities.models import Activity
from brobygger.activities.signups import open_for_signup, signup_create
open_ones = [a for a in Activity.objects.order_by("starts_at") if open_for_signup(a)][:2]
assert open_ones, "the old demo has no activity open for sign-up"
for number, activity in enumerate(open_ones):
    if activity.capacity is None:
        activity.capacity = 2
        activity.save(update_fields=["capacity"])
    for person in range(activity.capacity + 1):
        signup_create(activity=activity, name=f"Deltager {number}-{person}",
                      email=f"deltager{number}{person}@example.org", wants_company=person == 0)
"""


def write_gzip(path: Path, text: str) -> None:
    # mtime=0: the same content gives the same bytes
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))


def source_tree(tag: str, work: Path) -> Path:
    tree = work / tag
    tree.mkdir()
    archive = subprocess.run(["git", "archive", tag], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def rows_json(site: Site) -> str:
    """Every data row (demo rows too), as the site's own ``dumpdata`` writes it."""
    excluded = [arg for label in NOT_DATA for arg in ("--exclude", label)]
    return site.manage("dumpdata", "--all", "--indent", "1", *excluded).stdout


def sqlite_snapshot(tree: Path, work: Path, out: Path) -> None:
    var = work / "sqlite"
    var.mkdir()
    site = Site(sqlite_url(var), var, tree=tree, debug=True)
    site.brobygger("setup")  # its migrations and its demo content, in demo mode
    site.script(OLD_SIGNUPS)
    site.debug = False
    write_gzip(out / "rows-sqlite.json.gz", rows_json(site))
    with sqlite3.connect(var / "brobygger.sqlite3") as db:
        write_gzip(out / "sqlite.sql.gz", "\n".join(db.iterdump()) + "\n")


def postgresql_snapshot(tree: Path, work: Path, out: Path, server_url: str) -> None:
    fixture = make_demo_fixture(tree, work / "fixture", OLD_SIGNUPS)
    name = f"brobygger_snapshot_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = server_url.rsplit("/", 1)[0] + "/" + name
    try:
        var = work / "postgresql"
        var.mkdir()
        site = Site(url, var, tree=tree)
        site.manage("migrate", "--noinput")
        site.manage("loaddata", str(fixture))
        write_gzip(out / "rows-postgresql.json.gz", rows_json(site))
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", "--dbname", url],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        write_gzip(out / "postgresql.sql.gz", dump.stdout)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(tag: str) -> None:
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL server (source scripts/postgres.sh)")
    out = HERE / tag
    out.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="brobygger-snapshot-"))
    try:
        tree = source_tree(tag, work)
        sqlite_snapshot(tree, work, out)
        postgresql_snapshot(tree, work, out, server_url)
    finally:
        shutil.rmtree(work)
    for path in sorted(out.iterdir()):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "v2026.11")
