"""The upgrade: a database made and filled by the release tagged ``v2026.11``, then this code's
``brobygger setup`` over it (back up, install, setup, restart). Every row the old code wrote is
still there with the same fields, the counts per table are the same, and the pages answer.

The old release runs from its own source tree (``git archive v2026.11``) in the same virtualenv.
It fills the database through its own code: its ``setup`` in demo mode (users of every role,
initiatives, arenas, referrals, activities with sign-ups, network slots and bookings, courses,
ideas), dumped with its ``dumpdata`` and, on PostgreSQL, loaded with its ``loaddata`` into a
database that its own migrations made.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.ops.processes import Site, make_demo_fixture, scratch_postgres, sqlite_url

OLD = "v2026.11"
PAGES = ("/", "/tilbud/", "/tilbud/?q=samv%C3%A6r", "/aktiviteter/", "/faellesskab/kontakt/")
STATUS = """
import json
from django.test import Client
client = Client()
print(json.dumps({path: client.get(path).status_code for path in %r}))
"""

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

# Tables that describe the installation and grow with the new code: its migrations, models and
# their permissions, SQLite's planner statistics, and the synthetic analysis `setup` queues.
GROWS = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "sqlite_stat1",
    "django_tasks_database_dbtaskresult",
}


@pytest.fixture(scope="module")
def old_release(tmp_path_factory) -> Path:
    """The source tree of the release tagged ``v2026.11``; the test fails when the tag is
    missing (fetch the tags: ``git fetch --tags``)."""
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/tags/{OLD}^{{commit}}"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if found.returncode != 0:
        pytest.fail(f"the tag {OLD} is missing: the upgrade test needs it (git fetch --tags)")
    tree = tmp_path_factory.mktemp("v2026.11")
    archive = subprocess.run(
        ["git", "archive", OLD], cwd=REPO, capture_output=True, check=True, timeout=120
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True, timeout=120)
    assert (tree / "brobygger" / "cli.py").exists()
    return tree


@pytest.fixture(scope="module")
def old_demo(old_release, tmp_path_factory) -> Path:
    """The old release's demo content (its own setup on SQLite), as its ``dumpdata`` wrote it."""
    return make_demo_fixture(old_release, tmp_path_factory.mktemp("old-demo"), OLD_SIGNUPS)


def by_key(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(row["model"], json.dumps(row["pk"])): row["fields"] for row in rows}


def upgrade_and_compare(old: Site) -> None:
    before_rows, before_counts = old.rows(), old.counts()
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
def test_it_keeps_every_row_of_v2026_11_on_postgresql(tmp_path, old_release, old_demo):
    var = tmp_path / "var"
    var.mkdir()
    with scratch_postgres("upgrade") as url:
        old = Site(url, var, tree=old_release)
        old.manage("migrate", "--noinput")
        old.manage("loaddata", str(old_demo))

        upgrade_and_compare(old)


def test_it_keeps_every_row_of_v2026_11_on_sqlite(tmp_path, old_release):
    var = tmp_path / "var"
    var.mkdir()
    old = Site(sqlite_url(var), var, tree=old_release, debug=True)
    old.brobygger("setup")  # its migrations and its demo content, in demo mode
    old.script(OLD_SIGNUPS)
    old.debug = False  # the upgrade runs as production does (this code adds no demo content)

    upgrade_and_compare(old)
