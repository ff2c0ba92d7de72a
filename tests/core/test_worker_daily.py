"""The real worker runs the daily work by itself: started after DAILY_AT with no run today, it
runs it at once; of two workers started together only one does; a restarted worker does not run
it again. It also beats its heart. Real processes on a SQLite database of their own."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zoneinfo
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path

from tests.conftest import REPO
from tests.core.processes import migrated_sqlite, with_daily_at
from tests.waiting import wait_for

CLAIMED = "claimed by"
NOT_OURS = "claimed already, not run by"


@contextmanager
def worker(env: dict, log: Path):
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "brobygger_worker", "--interval", "0.2",
             "--heartbeat", "0.5"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield process
        finally:
            process.terminate()
            process.wait(timeout=60)


def _rows(folder: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(folder / "brobygger.sqlite3", timeout=30)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def _decided(log: Path, process) -> bool:
    assert process.poll() is None, f"the worker exited: {log.read_text()}"
    text = log.read_text()
    return CLAIMED in text or NOT_OURS in text


def test_the_worker_runs_the_days_work_once_across_two_workers_and_a_restart(tmp_path):
    env = with_daily_at(migrated_sqlite(tmp_path), tmp_path, "00:00")  # always in the past
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with ExitStack() as stack:
        first, second = (stack.enter_context(worker(env, log)) for log in logs)
        for log, process in zip(logs, (first, second), strict=True):
            wait_for(lambda: _decided(log, process), 180, f"the worker to look ({log})")  # noqa: B023
        wait_for(lambda: _rows(tmp_path, "SELECT finished FROM core_dailyrun")[0][0], 180,
                 "the daily run to finish")  # fmt: skip
        texts = [log.read_text() for log in logs]
        assert sum(CLAIMED in text for text in texts) == 1
        assert sum(NOT_OURS in text for text in texts) == 1
        assert "daily step network.reminders finished" in "".join(texts)
        pids = {f"{process.pid}" for process in (first, second)}
        wait_for(lambda: {owner.rsplit(":", 1)[1] for (owner,) in
                          _rows(tmp_path, "SELECT owner FROM core_workerheartbeat")} >= pids,
                 60, "both workers' heartbeats")  # fmt: skip
    runs = _rows(tmp_path, "SELECT day, started, failed_steps FROM core_dailyrun")
    today = datetime.now(zoneinfo.ZoneInfo("Europe/Copenhagen")).date().isoformat()
    assert [(day, failed) for day, _started, failed in runs] == [(today, "[]")]

    restart = tmp_path / "restart.log"
    with worker(env, restart) as again:
        wait_for(lambda: _decided(restart, again), 180, "the restarted worker to look")
    assert NOT_OURS in restart.read_text()
    assert CLAIMED not in restart.read_text()
    assert _rows(tmp_path, "SELECT day, started, failed_steps FROM core_dailyrun") == runs
