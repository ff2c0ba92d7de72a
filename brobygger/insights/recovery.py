"""Clean-up after a background worker that died (``kill -9``, out of memory, a power cut).

A dying worker cannot clean up after itself: its analysis stays "running" for ever, its task
result too, and the raw upload and the half-written results stay on disk. When a worker starts
(``manage.py brobygger_worker``), :func:`recover_abandoned` fails such work and deletes its files.

Work is abandoned when the process that ran it is gone: each analysis records its process as
``host:pid`` (and the worker's task results carry the same id). On this host a process is
checked directly; the starting worker's own pid cannot be running anything yet (a container
restarts with the same pids). Work of another host, or of an unknown process, counts as
abandoned when it has given no sign of life for ``STALE_AFTER``.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from brobygger.insights import services
from brobygger.insights.models import AnalysisRun

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=6)  # no analysis goes this long without reporting progress
ORPHAN_AFTER = timedelta(hours=1)  # a folder with no unfinished run is left this long
TASK_PATHS = {
    "analyse": "brobygger.insights.tasks.analyse_upload",
    "demo": "brobygger.insights.tasks.prepare_demo",
}


class WorkerLost(Exception):
    """Recorded on a task result whose worker died while running it."""


@dataclass
class Recovered:
    runs: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # we are starting: whatever an earlier process with our pid ran, it is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # another user's process: not one of our workers
    return True


def owner_alive(owner: str, last_seen: datetime | None, *, now: datetime) -> bool:
    """Whether the process ``host:pid`` may still be running the work it last touched then."""
    host, _sep, pid = owner.rpartition(":")
    if host and host == socket.gethostname()[:40] and pid.isdigit():
        return _process_alive(int(pid))
    return last_seen is not None and now - last_seen < STALE_AFTER


def recover_abandoned(*, now: datetime | None = None) -> Recovered:
    """Fail the runs and task results of dead workers and delete their files."""
    now = now or timezone.now()
    recovered = Recovered()
    for task in DBTaskResult.objects.running():
        worker = task.worker_ids[-1] if task.worker_ids else ""
        if owner_alive(worker, task.started_at, now=now):
            continue
        _fail_task(task, worker, now=now)
        recovered.tasks.append(str(task.pk))
        args = task.args_kwargs.get("args") or [""]
        if task.task_path == TASK_PATHS["analyse"]:
            run = AnalysisRun.objects.filter(pk=args[0]).first()
            if run and services.run_fail(run=run, failure=AnalysisRun.Failure.ABANDONED):
                recovered.runs.append(str(run.pk))
        elif task.task_path == TASK_PATHS["demo"] and args[0] in services.LANGUAGES:
            partial = services.demo_dir(args[0]).with_name(f"{args[0]}.partial")
            shutil.rmtree(partial, ignore_errors=True)
    unfinished = AnalysisRun.objects.filter(status=AnalysisRun.Status.RUNNING)
    for run in unfinished:
        alive = owner_alive(run.owner, run.heartbeat or run.created_at, now=now)
        if not alive and services.run_fail(run=run, failure=AnalysisRun.Failure.ABANDONED):
            recovered.runs.append(str(run.pk))
    for run in AnalysisRun.objects.filter(
        status=AnalysisRun.Status.QUEUED, created_at__lt=now - ORPHAN_AFTER
    ):
        if not _task_pending(run) and services.run_fail(
            run=run, failure=AnalysisRun.Failure.ABANDONED
        ):
            recovered.runs.append(str(run.pk))  # queued, but its task is gone or ended
    recovered.folders = _remove_orphans(now=now)
    if recovered.runs or recovered.tasks or recovered.folders:
        logger.warning(
            "recovered after a dead worker: runs %s, tasks %s, folders %s",
            recovered.runs, recovered.tasks, recovered.folders,
        )  # fmt: skip
    return recovered


def _task_pending(run: AnalysisRun) -> bool:
    """Whether a task result still waits for or runs this run's analysis."""
    return DBTaskResult.objects.filter(
        task_path=TASK_PATHS["analyse"],
        status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING),
        args_kwargs__args__0=str(run.pk),
    ).exists()


def _fail_task(task: DBTaskResult, worker: str, *, now: datetime) -> None:
    DBTaskResult.objects.filter(pk=task.pk, status=task.status).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        return_value=None,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"WorkerLost: the worker {worker or '(unknown)'} stopped while running this task",
    )


def _remove_orphans(*, now: datetime) -> list[str]:
    """Upload and result folders that no unfinished run needs (a worker killed mid-clean-up,
    a request that died between storing the files and saving the run)."""
    removed = []
    unfinished = {
        str(pk)
        for pk in AnalysisRun.objects.filter(
            status__in=(AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING)
        ).values_list("pk", flat=True)
    }
    existing = {str(pk) for pk in AnalysisRun.objects.values_list("pk", flat=True)}
    old = time.time() - ORPHAN_AFTER.total_seconds()
    root = services.insights_dir()
    for parent, kept in (("uploads", unfinished), ("runs", existing)):
        folder = root / parent
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            partial = path.name.endswith(".partial")
            run_id = path.name.removesuffix(".partial")
            needed = run_id in (unfinished if partial else kept)
            if needed or (run_id not in existing and path.stat().st_mtime > old):
                continue  # in use, or perhaps a run being created right now
            shutil.rmtree(path, ignore_errors=True)
            removed.append(f"{parent}/{path.name}")
    return removed
