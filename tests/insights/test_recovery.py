"""Recovery when a worker starts: what counts as abandoned, and which folders are left over."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from brobygger.insights import services
from brobygger.insights.models import AnalysisRun
from brobygger.insights.recovery import recover_abandoned

pytestmark = pytest.mark.django_db


def _run(status=AnalysisRun.Status.RUNNING, **fields) -> AnalysisRun:
    return AnalysisRun.objects.create(
        data_name="data.csv", codebook_name="codebook.yaml", status=status, **fields
    )


def _folder(path, age_hours: float = 0):
    path.mkdir(parents=True)
    (path / "file").write_text("x")
    if age_hours:
        then = time.time() - age_hours * 3600
        os.utime(path, (then, then))
    return path


def _task(path: str, args: list, status: str = "RUNNING", worker: str = "gone:1"):
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": args, "kwargs": {}},
        task_path=path,
        worker_ids=[worker] if status == "RUNNING" else [],
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - timedelta(hours=7) if status == "RUNNING" else None,
    )


def test_it_fails_work_of_another_host_only_when_it_has_gone_quiet():
    now = timezone.now()
    quiet = _run(owner="elsewhere:123", heartbeat=now - timedelta(hours=7))
    busy = _run(owner="elsewhere:124", heartbeat=now - timedelta(minutes=5))
    recovered = recover_abandoned(now=now)
    assert recovered.runs == [str(quiet.pk)]
    assert AnalysisRun.objects.get(pk=quiet.pk).failure == AnalysisRun.Failure.ABANDONED
    assert AnalysisRun.objects.get(pk=busy.pk).status == AnalysisRun.Status.RUNNING


def test_it_counts_its_own_pid_as_dead_at_start():
    """A restarted container gives the new worker the old one's pid."""
    run = _run(owner=services.current_owner(), heartbeat=timezone.now())
    recover_abandoned()
    assert AnalysisRun.objects.get(pk=run.pk).status == AnalysisRun.Status.FAILED


def test_it_fails_a_queued_run_whose_task_is_gone_but_not_one_still_waiting():
    long_ago = timezone.now() - timedelta(hours=2)
    lost = _run(AnalysisRun.Status.QUEUED, created_at=long_ago)
    waiting = _run(AnalysisRun.Status.QUEUED, created_at=long_ago)
    _task("brobygger.insights.tasks.analyse_upload", [str(waiting.pk)], status="READY")
    _folder(services.uploads_dir(lost))
    recover_abandoned()
    assert AnalysisRun.objects.get(pk=lost.pk).status == AnalysisRun.Status.FAILED
    assert not services.uploads_dir(lost).exists()
    assert AnalysisRun.objects.get(pk=waiting.pk).status == AnalysisRun.Status.QUEUED


def test_it_fails_an_abandoned_demo_task_and_removes_its_half_made_folder():
    partial = _folder(services.demo_dir("en").with_name("en.partial"))
    task = _task("brobygger.insights.tasks.prepare_demo", ["en"])
    recover_abandoned()
    task.refresh_from_db()
    assert task.status == "FAILED" and "WorkerLost" in task.exception_class_path
    assert not partial.exists()


def test_it_removes_folders_no_unfinished_run_needs_and_keeps_the_rest():
    done = _run(AnalysisRun.Status.DONE)
    live = _run(owner="elsewhere:1", heartbeat=timezone.now())
    uploads = services.insights_dir() / "uploads"
    left_by_done = _folder(services.uploads_dir(done))
    results = _folder(services.results_dir(done))
    live_upload = _folder(services.uploads_dir(live))
    live_partial = _folder(services.partial_dir(live))
    being_created = _folder(uploads / "0b8a5b8e-7b0e-4c5e-9d1a-3f1c2b3a4d5e.partial")
    forgotten = _folder(uploads / "1c9b6c9f-8c1f-4d6f-8e2b-4a2d3c4b5e6f.partial", age_hours=2)
    recovered = recover_abandoned()
    assert not left_by_done.exists() and not forgotten.exists()
    assert results.exists() and live_upload.exists() and live_partial.exists()
    assert being_created.exists()
    assert sorted(recovered.folders) == sorted([f"uploads/{done.pk}", f"uploads/{forgotten.name}"])


def test_the_worker_command_recovers_and_can_stop_there(capsys):
    run = _run(owner="elsewhere:9", heartbeat=timezone.now() - timedelta(days=1))
    call_command("brobygger_worker", "--recover-only")
    assert AnalysisRun.objects.get(pk=run.pk).status == AnalysisRun.Status.FAILED
    assert "1 analyses" in capsys.readouterr().out
