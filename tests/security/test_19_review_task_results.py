"""Review of issue 19, finding 7 (C): asking for an account queues ``account_request_task`` with
the name and the address, and django-tasks-db keeps each task's arguments in its result table.
The daily step that deletes unconfirmed accounts also deletes the finished results of that task
a day after they finished; a result still queued (or running) is left for the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from brobygger.activities.daily import daily_run

pytestmark = pytest.mark.django_db
ACCOUNT_REQUEST = "brobygger.activities.registration.account_request_task"


def _result(*, status: str, finished_hours_ago: float | None, path: str = ACCOUNT_REQUEST):
    now = timezone.now()
    finished = now - timedelta(hours=finished_hours_ago) if finished_hours_ago else None
    result = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"name": "Lis Hansen", "email": "lis@example.org",
                                            "base_url": "https://x", "language": "da"}},
        task_path=path,
        backend_name="default",
        run_after=now - timedelta(days=3),
        started_at=finished,
        finished_at=finished,
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=now - timedelta(days=3))
    return result.pk


def test_it_deletes_finished_account_requests_a_day_after_they_finished():
    done = _result(status="SUCCESSFUL", finished_hours_ago=25)
    failed = _result(status="FAILED", finished_hours_ago=48)
    recent = _result(status="SUCCESSFUL", finished_hours_ago=2)
    queued = _result(status="READY", finished_hours_ago=None)
    running = _result(status="RUNNING", finished_hours_ago=None)
    other_task = _result(status="SUCCESSFUL", finished_hours_ago=48,
                         path="brobygger.insights.tasks.analysis_run")  # fmt: skip

    report = daily_run()

    assert "unconfirmed_accounts" not in report.failed
    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert done not in kept and failed not in kept
    assert {recent, queued, running, other_task} <= kept
