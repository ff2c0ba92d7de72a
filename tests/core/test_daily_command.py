"""`brobygger daily` as cron or an operator runs it: a real process on a database of its own.
One step is made to fail for real (its table is gone): the others still run, the output and the
exit code name it, and the log has its traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.core.processes import migrated_sqlite
from tests.core.test_daily import EVERY_APP_STEP

# one worker runs the module: its migrated database is made once
pytestmark = pytest.mark.xdist_group("daily_command")

BROBYGGER = str(Path(sys.executable).with_name("brobygger"))


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("daily")
    return folder, migrated_sqlite(folder)


def _daily(env, *args):
    return subprocess.run([BROBYGGER, "daily", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def test_it_runs_every_step_and_exits_0(database):
    _folder, env = database
    done = _daily(env)
    assert done.returncode == 0, done.stderr
    for step in ("directory.stale_reminders", "referrals.anonymise", "activities.series",
                 "network.reminders"):  # fmt: skip
        assert f"ok      {step}" in done.stdout


def test_a_failing_step_is_named_in_the_output_and_the_exit_code(database):
    folder, env = database
    db = sqlite3.connect(folder / "brobygger.sqlite3")
    db.execute("ALTER TABLE network_visitbooking RENAME TO network_visitbooking_gone")
    db.commit()
    try:
        done = _daily(env)
    finally:
        db.execute("ALTER TABLE network_visitbooking_gone RENAME TO network_visitbooking")
        db.commit()
        db.close()
    assert done.returncode == 1
    assert "FAILED  network.reminders (OperationalError" in done.stdout
    assert "error: these daily steps failed: network.reminders" in done.stderr
    for step in ("directory.stale_reminders", "referrals.reminders", "activities.anonymise",
                 "activities.held"):  # fmt: skip
        assert f"ok      {step}" in done.stdout
    # the log (stderr) has the traceback: where it failed, not the database's message
    assert "daily step network.reminders failed" in done.stderr
    assert "Traceback (most recent call last)" in done.stderr
    assert "reminders_send" in done.stderr
    assert "no such table" not in done.stderr


def test_it_refuses_an_unknown_step_in_one_line(database):
    _folder, env = database
    done = _daily(env, "--only", "network.nosuch")
    assert done.returncode == 2
    assert done.stderr.startswith("error: unknown daily step network.nosuch;")
    assert len(done.stderr.strip().splitlines()) == 1


def test_it_lists_its_steps_and_documents_itself(database):
    _folder, env = database
    listed = _daily(env, "--list")
    assert listed.returncode == 0
    assert listed.stdout.split() == EVERY_APP_STEP
    helped = _daily(env, "--help")
    assert "DAILY_AT" in helped.stdout and "brobygger daily --only referrals" in helped.stdout
