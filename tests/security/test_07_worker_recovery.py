"""Finding 7: work abandoned by a dead background worker is failed and cleaned up when a worker
starts: the run is marked failed with a message for the analyst, its task result is failed, and
the raw upload and the half-written results are deleted."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from brobygger.insights import services
from brobygger.insights.models import AnalysisRun
from tests.waiting import wait_for

CASE = "r-survey/loneliness-case"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _owner(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}"


def _running_run(owner: str) -> AnalysisRun:
    run = AnalysisRun.objects.create(
        data_name="data.csv",
        codebook_name="codebook.yaml",
        status=AnalysisRun.Status.RUNNING,
        progress=40,
        owner=owner,
        heartbeat=timezone.now(),
    )
    services.uploads_dir(run).mkdir(parents=True)
    (services.uploads_dir(run) / "data.csv").write_text("id,weight\n1,2\n")
    partial = services.results_dir(run).with_name(f"{run.pk}.partial")
    partial.mkdir(parents=True)
    (partial / "table1.csv").write_text("group\n")
    return run


def _task(run: AnalysisRun, worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [str(run.pk)], "kwargs": {}},
        task_path="brobygger.insights.tasks.analyse_upload",
        worker_ids=[worker_id],
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
    )


def test_it_fails_a_run_abandoned_by_a_dead_worker_and_removes_its_files(client, people):
    from brobygger.insights.recovery import recover_abandoned

    owner = _owner(_dead_pid())
    run = _running_run(owner)
    task = _task(run, owner)
    recover_abandoned()
    run.refresh_from_db()
    task.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED and run.finished_at is not None
    assert task.status == "FAILED"
    assert not services.uploads_dir(run).exists()
    assert not services.results_dir(run).with_name(f"{run.pk}.partial").exists()
    client.force_login(people["analyst"])
    page = client.get(f"/indsigt/analyser/{run.pk}/").content.decode()
    assert str(run.failure_message) in page


def test_it_leaves_the_work_of_a_live_worker_alone(db):
    from brobygger.insights.recovery import recover_abandoned

    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        run = _running_run(_owner(alive.pid))
        task = _task(run, _owner(alive.pid))
        recover_abandoned()
    finally:
        alive.kill()
        alive.wait()
    run.refresh_from_db()
    task.refresh_from_db()
    assert run.status == AnalysisRun.Status.RUNNING and task.status == "RUNNING"
    assert (services.uploads_dir(run) / "data.csv").exists()


def _worker_env(tmp_path: Path) -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brobygger.config.settings",
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "SECRET_KEY": "test-worker",
        "DEBUG": "0",
        "TASKS_BACKEND": "database",
        "BROBYGGER_VAR_DIR": str(tmp_path / "var"),
        "INSIGHTS_DIR": str(tmp_path / "insights"),
    }


@pytest.mark.postgres
def test_it_recovers_after_kill_9_of_the_worker_mid_analysis(
    transactional_db, settings, reference, tmp_path
):
    """A real worker process is killed with SIGKILL while it analyses; the next start recovers."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INSIGHTS_DIR = tmp_path / "insights"
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.run_create(
            user=None,
            data_file=SimpleUploadedFile("data.csv", (reference / CASE / "data.csv").read_bytes()),
            codebook_file=SimpleUploadedFile(
                "codebook.yaml", (reference / CASE / "codebook.yaml").read_bytes()
            ),
        )
    env = _worker_env(tmp_path)
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "brobygger_worker", "--interval", "0.1"], env=env
    )
    partial = services.results_dir(run).with_name(f"{run.pk}.partial")

    def writing() -> bool:
        assert worker.poll() is None, f"the worker exited with {worker.returncode}"
        return partial.exists()

    try:
        wait_for(writing, 120, "the analysis to write its results")
    finally:
        worker.kill()  # SIGKILL: no handler, no clean-up
        worker.wait(timeout=30)
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.RUNNING  # what a dead worker leaves behind
    subprocess.run(
        [sys.executable, "-m", "django", "brobygger_worker", "--recover-only"],
        env=env,
        check=True,
        timeout=120,
    )
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    assert DBTaskResult.objects.get().status == "FAILED"
    assert not services.uploads_dir(run).exists()
    assert not partial.exists()
    assert not services.results_dir(run).exists()
