"""Of several workers that claim the same day at the same moment, exactly one gets it: real
processes, on SQLite (a database of its own) and on PostgreSQL (the test database)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from brobygger.core.models import DailyRun
from tests.conftest import REPO
from tests.core.processes import migrated_sqlite
from tests.waiting import wait_for

CLAIMERS = 6
DAY = "2026-12-07"


def _race(env: dict, tmp_path: Path) -> list[str]:
    go = tmp_path / "go"
    logs = [tmp_path / f"claimer{n}.out" for n in range(CLAIMERS)]
    processes = []
    for n, log in enumerate(logs):
        with log.open("w") as out:
            processes.append(subprocess.Popen(
                [sys.executable, str(REPO / "tests/core/claimer.py"), str(go), DAY, f"w:{n}"],
                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            ))  # fmt: skip
    try:
        wait_for(lambda: all("ready" in log.read_text() for log in logs), 180,
                 "every claimer to be ready")  # fmt: skip
        go.touch()
        for process in processes:
            process.wait(timeout=120)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    outcomes = [log.read_text().splitlines()[-1] for log in logs]
    assert all(p.returncode == 0 for p in processes), [log.read_text() for log in logs]
    return outcomes


def test_only_one_of_several_claimers_gets_the_day_on_sqlite(tmp_path):
    env = migrated_sqlite(tmp_path / "db")
    outcomes = _race(env, tmp_path)
    assert sorted(outcomes) == ["claimed"] + ["not claimed"] * (CLAIMERS - 1)
    db = sqlite3.connect(tmp_path / "db" / "brobygger.sqlite3")
    assert db.execute("SELECT day FROM core_dailyrun").fetchall() == [(DAY,)]
    db.close()


@pytest.mark.postgres
def test_only_one_of_several_claimers_gets_the_day_on_postgresql(transactional_db, tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brobygger.config.test_settings",
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PYTHONPATH": str(REPO),
    }
    outcomes = _race(env, tmp_path)
    assert sorted(outcomes) == ["claimed"] + ["not claimed"] * (CLAIMERS - 1)
    assert [str(run.day) for run in DailyRun.objects.all()] == [DAY]
