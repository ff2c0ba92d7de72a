"""`brobygger backup` and `brobygger restore`, run for real: data in every app (the demo content),
back up, drop everything, restore into the empty database, and find the same rows (every row,
field by field), the same counts per table, the same insights results and the same pages."""

from __future__ import annotations

import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest

from tests.ops.processes import (
    Site,
    empty_postgres,
    fill_with_demo,
    make_demo_fixture,
    scratch_postgres,
    sqlite_url,
)

# one worker runs the module: the demo fixture (this code's setup) is made once
pytestmark = pytest.mark.xdist_group("backup")

# a search of the directory and the activities, as a visitor sees them (the CSRF token aside)
PAGES = ("/tilbud/?q=samv%C3%A6r", "/tilbud/", "/aktiviteter/")
PAGE = """
import json, re
from django.test import Client
client = Client()
client.cookies["django_language"] = "en"
pages = {}
for path in %r:
    response = client.get(path)
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    pages[path] = [response.status_code, body]
print(json.dumps(pages))
"""
RESULT = Path("insights") / "results" / "analysis-1" / "report.html"


@pytest.fixture(scope="session")
def demo_fixture(tmp_path_factory) -> Path:
    """The demo content of this code (every app), as a ``loaddata`` fixture."""
    return make_demo_fixture(Path(__file__).resolve().parents[2], tmp_path_factory.mktemp("demo"))


def pages(site: Site) -> dict:
    # static files from the apps, as in the other tests (no collectstatic here)
    test_settings = "brobygger.config.test_settings"
    return json.loads(
        site.script(
            PAGE % (PAGES,), ALLOWED_HOSTS="testserver", DJANGO_SETTINGS_MODULE=test_settings
        )
    )


def filled(site: Site, fixture: Path) -> Site:
    site.manage("migrate", "--noinput")
    fill_with_demo(site, fixture)
    result = site.var_dir / RESULT
    result.parent.mkdir(parents=True)
    result.write_text("<h1>Resultater</h1>\n", encoding="utf-8")
    return site


def round_trip(site: Site, drop_everything) -> None:
    rows, counts, shown = site.rows(), site.counts(), pages(site)
    assert len(rows) > 300
    assert {row["model"].split(".")[0] for row in rows} >= {
        "accounts", "directory", "referrals", "activities", "network",
    }  # fmt: skip
    assert all(status == 200 for status, _ in shown.values())
    archive = site.var_dir.parent / "backup.tar"

    site.brobygger("backup", "--out", str(archive))

    drop_everything()
    shutil.rmtree(site.var_dir / "insights")
    assert site.counts() == {} or sum(site.counts().values()) == 0

    done = site.brobygger("restore", str(archive))

    assert "Restored" in done.stdout
    assert site.counts() == counts
    assert site.rows() == rows
    assert (site.var_dir / RESULT).read_text(encoding="utf-8") == "<h1>Resultater</h1>\n"
    assert pages(site) == shown


def test_it_restores_the_same_rows_counts_and_pages_on_sqlite(tmp_path, demo_fixture):
    var = tmp_path / "var"
    var.mkdir()
    site = filled(Site(sqlite_url(var), var), demo_fixture)
    database = var / "brobygger.sqlite3"

    def drop_everything():
        for path in var.glob("brobygger.sqlite3*"):
            path.unlink()

    round_trip(site, drop_everything)
    assert database.exists()


@pytest.mark.postgres
def test_it_restores_the_same_rows_counts_and_pages_on_postgresql(tmp_path, demo_fixture):
    var = tmp_path / "var"
    var.mkdir()
    with scratch_postgres("backup") as url:
        site = filled(Site(url, var), demo_fixture)
        round_trip(site, lambda: empty_postgres(url))


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory, demo_fixture) -> tuple[Site, Path]:
    """A small SQLite site and its archive, for the refusals."""
    var = tmp_path_factory.mktemp("refusals") / "var"
    var.mkdir()
    site = Site(sqlite_url(var), var)
    site.manage("migrate", "--noinput")
    archive = var.parent / "backup.tar"
    site.brobygger("backup", "--out", str(archive))
    return site, archive


def fresh(tmp_path: Path) -> Site:
    var = tmp_path / "fresh"
    var.mkdir()
    return Site(sqlite_url(var), var)


def refused(site: Site, *args: str) -> str:
    done = site.brobygger("restore", *args, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # one line, no traceback
    return lines[0]


def rewritten(archive: Path, into: Path, change) -> Path:
    """A copy of ``archive`` with ``change(member_name, data) -> data`` applied."""
    copy = into / "changed.tar"
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    return copy


def test_it_refuses_a_database_that_is_not_empty(backed_up):
    site, archive = backed_up

    line = refused(site, str(archive))

    assert str(archive) in line and "not empty" in line and "--force" in line


def test_it_replaces_a_database_that_is_not_empty_with_force(backed_up):
    site, archive = backed_up

    done = site.brobygger("restore", "--force", str(archive))

    assert "Restored" in done.stdout


def test_it_refuses_a_damaged_archive(backed_up, tmp_path):
    site, archive = backed_up

    def damage(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name == "database.sqlite3" else data

    damaged = rewritten(archive, tmp_path, damage)

    line = refused(fresh(tmp_path), str(damaged))

    assert str(damaged) in line and "database.sqlite3" in line and "checksum" in line


def test_it_refuses_a_schema_newer_than_the_code(backed_up, tmp_path):
    site, archive = backed_up

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["referrals"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    future = rewritten(archive, tmp_path, newer)

    line = refused(fresh(tmp_path), str(future))

    assert str(future) in line and "newer" in line and "referrals.9999_from_the_future" in line
    assert not re.search(r"Traceback", line)


def test_it_names_the_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "notes.tar"
    other.write_text("not a tar archive", encoding="utf-8")

    line = refused(fresh(tmp_path), str(other))

    assert line.startswith(f"error: {other}:")
