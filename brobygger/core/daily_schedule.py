"""When the daily work runs: once a day at ``DAILY_AT`` (default 06:15, in ``TIME_ZONE``,
Copenhagen), by whichever worker claims the day first, and the worker's heartbeat.

Each day's run is a :class:`~brobygger.core.models.DailyRun` row, unique per day. A worker
claims the day by creating it (the database's unique constraint decides between two workers at
once), runs the steps, and records when it finished and which steps failed. So a worker that
was down at 06:15 runs the day's work when it starts (it is past ``DAILY_AT`` and the day has
no run), and a restart or a second worker never runs a finished day again. A run that a dead
worker left unfinished is run again by another worker (or the restarted one) once the dead
worker's heartbeat is older than ``HEALTH_WORKER_STALE_MINUTES``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from brobygger.core.daily import DailyReport, run_daily
from brobygger.core.models import DailyRun, WorkerHeartbeat

logger = logging.getLogger("brobygger.daily")

DEFAULT_DAILY_AT = "06:15"
HEARTBEAT_SECONDS = 30.0
HEARTBEAT_FORGET = dt.timedelta(days=2)  # rows of workers gone this long are deleted
DEFAULT_STALE_MINUTES = 15


def daily_at() -> dt.time:
    """``settings.DAILY_AT`` ("HH:MM") as a time; ValueError names the setting."""
    value = getattr(settings, "DAILY_AT", DEFAULT_DAILY_AT)
    if isinstance(value, dt.time):
        return value
    try:
        hours, minutes = (int(part) for part in str(value).split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise ValueError(f"DAILY_AT: {value!r} is not a time of day HH:MM (e.g. 06:15)") from None


def due_day(now: dt.datetime | None = None) -> dt.date | None:
    """Today (in ``TIME_ZONE``) once it is past ``DAILY_AT``, else None."""
    local = timezone.localtime(now or timezone.now())
    return local.date() if local.time() >= daily_at() else None


def claim(day: dt.date, *, owner: str, now: dt.datetime | None = None) -> DailyRun | None:
    """The day's run, created for ``owner``; None when another worker has it already (or had
    it and finished). A run whose worker died before finishing it is taken over (below)."""
    now = now or timezone.now()
    existing = DailyRun.objects.filter(day=day).first()
    if existing is not None:
        return _take_over(existing, owner=owner, now=now)
    try:
        with transaction.atomic():
            return DailyRun.objects.create(day=day, started=now, owner=owner)
    except IntegrityError:  # another worker created it between our look and our insert
        return None


def _take_over(run: DailyRun, *, owner: str, now: dt.datetime) -> DailyRun | None:
    """An unfinished run that started, and whose worker has been silent, longer ago than the
    health check allows (it died mid-run, e.g. a restart at 06:15) is run again by ``owner``:
    the steps are safe to run twice (nothing is sent twice). The update is conditional, so one
    worker takes it."""
    if run.finished is not None or run.owner == owner:
        return None
    recent = now - stale_after()
    if run.started >= recent:
        return None  # just claimed: its worker may not have beaten its heart yet
    if WorkerHeartbeat.objects.filter(owner=run.owner, seen__gte=recent).exists():
        return None  # its worker is alive and still at it
    taken = DailyRun.objects.filter(
        pk=run.pk, finished__isnull=True, owner=run.owner, started=run.started
    ).update(owner=owner, started=now)
    if not taken:
        return None
    logger.warning("daily run for %s: its worker %s stopped before it finished; %s runs it "
                   "again", run.day, run.owner, owner)  # fmt: skip
    run.refresh_from_db()
    return run


def run_if_due(*, owner: str, now: dt.datetime | None = None) -> DailyReport | None:
    """Run the daily steps when the day is due and this worker claims it; else None."""
    day = due_day(now)
    if day is None:
        return None
    run = claim(day, owner=owner, now=now)
    if run is None:
        return None
    logger.info("daily run for %s claimed by %s", day, owner)
    failed: tuple[str, ...] = ("daily run",)  # what the record says if run_daily itself raises
    try:
        report = run_daily()
        failed = report.failed
        return report
    finally:
        DailyRun.objects.filter(pk=run.pk).update(finished=timezone.now(),
                                                  failed_steps=list(failed))  # fmt: skip


def heartbeat(*, owner: str, now: dt.datetime | None = None) -> None:
    """Record that ``owner`` is alive (and forget workers gone for days)."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(owner=owner, defaults={"seen": now})
    WorkerHeartbeat.objects.filter(seen__lt=now - HEARTBEAT_FORGET).delete()


def stale_after() -> dt.timedelta:
    return dt.timedelta(
        minutes=getattr(settings, "HEALTH_WORKER_STALE_MINUTES", DEFAULT_STALE_MINUTES)
    )


def health(now: dt.datetime | None = None) -> dict:
    """The worker's last heartbeat and the last daily run, for ``/healthz`` (no personal data,
    no host names). Database errors propagate (the caller answers 503)."""
    now = now or timezone.now()
    last_beat = WorkerHeartbeat.objects.aggregate(last=Max("seen"))["last"]
    stale = last_beat is None or now - last_beat > stale_after()
    last_run = DailyRun.objects.order_by("-day").first()
    return {
        "worker": {
            "last_heartbeat": last_beat.isoformat() if last_beat else None,
            "stale": stale,
        },  # fmt: skip
        "daily": {
            "last_run": last_run.day.isoformat() if last_run else None,
            "finished": last_run.finished.isoformat() if last_run and last_run.finished else None,
            "failed_steps": list(last_run.failed_steps) if last_run else [],
        },
    }


class Repeating(threading.Thread):
    """Call ``action()`` now and then every ``interval`` seconds until :meth:`stop`; an
    exception is logged and the next round comes as usual. Closes its database connection
    after each round, so a database that went away and came back is found again."""

    def __init__(self, name: str, action, interval: float):
        super().__init__(name=name, daemon=True)
        self.action = action
        self.interval = interval
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.action()
            except Exception:
                logger.exception("%s: this round failed; trying again in %s s", self.name,
                                 self.interval)  # fmt: skip
            finally:
                connection.close()  # this thread's own connection
            self._stopping.wait(self.interval)

    def stop(self, timeout: float | None = None) -> None:
        self._stopping.set()
        self.join(timeout)


class DailyLooker:
    """The daily thread's round: run the day's work when due and ours to claim; say once a day
    when another worker (or an earlier start of this one) has it."""

    def __init__(self, owner: str):
        self.owner = owner
        self.noted: dt.date | None = None

    def __call__(self) -> None:
        day = due_day()
        if day is None:
            return
        report = run_if_due(owner=self.owner)
        if report is None and self.noted != day:
            logger.info("daily run for %s: claimed already, not run by %s", day, self.owner)
        self.noted = day


def worker_threads(*, owner: str, interval: float = HEARTBEAT_SECONDS) -> list[Repeating]:
    """The two threads a worker runs beside its task loop: the heartbeat, and the daily run
    (looked for every ``interval`` seconds and at start). Not yet started."""
    return [
        Repeating("heartbeat", lambda: heartbeat(owner=owner), interval),
        Repeating("daily", DailyLooker(owner), interval),
    ]
