"""The background worker as `brobygger serve` starts it: first recover what a dead worker left
behind, then run django-tasks' database worker under this process's ``host:pid`` id.

Example: python -m django brobygger_worker  (or --recover-only to clean up and exit)
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from brobygger.insights.recovery import recover_abandoned
from brobygger.insights.services import current_owner


class Command(BaseCommand):
    help = (
        "Fail the analyses and tasks of a worker that died and delete their files, then run "
        "the background worker (db_worker)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--recover-only", action="store_true", help="Clean up, then exit without working."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks for new tasks."
        )
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *, recover_only: bool, interval: float, batch: bool, verbosity: int, **_):
        recovered = recover_abandoned()
        if verbosity and (recovered.runs or recovered.tasks or recovered.folders):
            self.stdout.write(
                f"Recovered after a dead worker: {len(recovered.runs)} analyses, "
                f"{len(recovered.tasks)} tasks, {len(recovered.folders)} folders."
            )
        if recover_only:
            return
        call_command(
            "db_worker",
            worker_id=current_owner(),  # the same id the analyses record as their owner
            interval=interval,
            batch=batch,
            reload=False,  # one process to supervise; `brobygger serve` restarts it if it dies
            verbosity=verbosity,
        )
