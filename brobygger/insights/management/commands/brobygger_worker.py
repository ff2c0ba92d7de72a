"""The background worker as `brobygger serve` (or the systemd unit) starts it: first recover
what a dead worker left behind, then run django-tasks' database worker under this process's
``host:pid`` id, with two threads beside it: a heartbeat every 30 seconds (``/healthz``) and the
daily work once a day at ``DAILY_AT`` (``core.daily_schedule``: claimed per day in the database,
so a restart neither skips the day nor runs it twice, and of two workers only one runs it).

Example: python -m django brobygger_worker  (or --recover-only to clean up and exit)
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from brobygger.core.daily_schedule import HEARTBEAT_SECONDS, worker_threads
from brobygger.insights.recovery import recover_abandoned
from brobygger.insights.services import current_owner


class Command(BaseCommand):
    help = (
        "Fail the analyses and tasks of a worker that died and delete their files, then run "
        "the background worker (db_worker), its heartbeat and the daily work at DAILY_AT."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--recover-only", action="store_true", help="Clean up, then exit without working."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks for new tasks."
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Exit when the queue is empty (no heartbeat, no daily work).",
        )
        parser.add_argument(
            "--no-daily",
            action="store_true",
            help="No heartbeat and no daily work (another worker does them).",
        )
        parser.add_argument(
            "--heartbeat",
            type=float,
            default=HEARTBEAT_SECONDS,
            help="Seconds between heartbeats and looks for the daily work.",
        )

    def handle(
        self,
        *,
        recover_only: bool,
        interval: float,
        batch: bool,
        no_daily: bool,
        heartbeat: float,
        verbosity: int,
        **_,
    ):
        recovered = recover_abandoned()
        if verbosity and (recovered.runs or recovered.tasks or recovered.folders):
            self.stdout.write(
                f"Recovered after a dead worker: {len(recovered.runs)} analyses, "
                f"{len(recovered.tasks)} tasks, {len(recovered.folders)} folders."
            )
        if recover_only:
            return
        owner = current_owner()  # the same id the analyses record as their owner
        beside = [] if batch or no_daily else worker_threads(owner=owner, interval=heartbeat)
        for thread in beside:
            thread.start()
        try:
            call_command(
                "db_worker",
                worker_id=owner,
                interval=interval,
                batch=batch,
                reload=False,  # one process to supervise; `brobygger serve` restarts it if it dies
                verbosity=verbosity,
            )
        finally:
            for thread in beside:
                thread.stop(timeout=5)
