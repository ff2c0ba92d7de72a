"""What ``brobygger activities remind`` does once a day. Each step runs on its own, so one that
fails (logged) never stops the others, and the deletion of participants' data runs first:

1. participants' names and contacts are deleted a setting's number of days after the activity;
2. reminders the day before, to everyone confirmed for tomorrow;
3. the "genlyd" message after an activity, with the host's next date when there is one;
4. past published activities become "held";
5. series get their next weeks' dates, and the directory's schedules their series.

Each message is stamped (a sent-at time per sign-up) before it is sent, under a guard that only
one run can pass, so two runs at once never send it twice; a message that fails is logged and
un-stamped, so the next run tries it again, and it never stops the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from brobygger.activities import messages
from brobygger.activities.models import Activity, SignUp
from brobygger.activities.recurrence import schedules_sync
from brobygger.activities.registration import unconfirmed_accounts_purge
from brobygger.core.daily import register_step

logger = logging.getLogger(__name__)
MEET_AGAIN_WITHIN = dt.timedelta(days=3)  # a late run does not thank people for last month
# the steps in the order they run, each with its bit in the command's exit code
STEPS = ("anonymise", "unconfirmed_accounts", "reminders", "meet_again", "held", "series")


@dataclass(frozen=True)
class DailyReport:
    reminders: int
    meet_again: int
    held: int
    made: int
    anonymised: int
    unconfirmed_accounts_deleted: int = 0
    failed: tuple[str, ...] = ()  # the steps that raised (their counts are 0)

    @property
    def exit_code(self) -> int:
        """0 when every step ran; else one bit per failed step, in ``STEPS`` order (1: the
        deletion, 2: unconfirmed accounts, 4: reminders, 8: meet-again, 16: held, 32: series)."""
        return sum(1 << STEPS.index(step) for step in self.failed)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def reminders_send(*, now: dt.datetime | None = None, base_url: str | None = None) -> int:
    now = now or timezone.now()
    start, end = _day_bounds(timezone.localdate(now) + dt.timedelta(days=1))
    due = SignUp.objects.filter(
        status=SignUp.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        anonymised_at__isnull=True,
        activity__state=Activity.State.PUBLISHED,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
    ).select_related("activity")
    return sum(_stamp_and_send(s, "reminder_sent_at", now, base_url) for s in due)


def next_date(activity: Activity) -> Activity | None:
    """The host's next published date after ``activity``: the same series, else the same
    initiative, else the same host."""
    later = Activity.all_rows.filter(  # a demo date only for a demo activity, never a real one's
        state=Activity.State.PUBLISHED, starts_at__gt=activity.ends_at, is_demo=activity.is_demo
    ).order_by("starts_at")
    for key in ("series_id", "initiative_id", "host_id"):
        value = getattr(activity, key)
        if value:
            found = later.filter(**{key: value}).first()
            if found is not None:
                return found
    return None


def meet_again_send(*, now: dt.datetime | None = None, base_url: str | None = None) -> int:
    now = now or timezone.now()
    due = (
        SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED,
            meet_again_sent_at__isnull=True,
            anonymised_at__isnull=True,
            activity__state__in=(Activity.State.PUBLISHED, Activity.State.HELD),
            activity__ends_at__lte=now,
            activity__ends_at__gt=now - MEET_AGAIN_WITHIN,
        )
        .exclude(came=False)
        .select_related("activity")
    )
    sent = 0
    for signup in due:
        follow_up = next_date(signup.activity)
        sent += _stamp_and_send(signup, "meet_again_sent_at", now, base_url, follow_up)
    return sent


def _stamp_and_send(signup: SignUp, stamp: str, now, base_url, *extra) -> int:
    """Stamp first, guarded by the NULL check, so two runs at once never send the same message
    twice; when the message fails, take the stamp back so the next run tries again."""
    with transaction.atomic():
        updated = SignUp.objects.filter(pk=signup.pk, **{f"{stamp}__isnull": True}).update(
            **{stamp: now}
        )
    if not updated:
        return 0
    if stamp == "reminder_sent_at":
        sent = messages.safely(messages.reminder, signup, base_url=base_url)
    else:
        sent = messages.safely(messages.meet_again, signup, *extra, base_url=base_url)
    if sent:
        return 1
    logger.warning("activities: %s for sign-up %s not sent; tried again next run", stamp,
                   signup.pk)  # fmt: skip
    SignUp.objects.filter(pk=signup.pk, **{stamp: now}).update(**{stamp: None})
    return 0


def held_mark(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return Activity.all_rows.filter(state=Activity.State.PUBLISHED, ends_at__lte=now).update(
        state=Activity.State.HELD
    )


def participants_anonymise(*, now: dt.datetime | None = None) -> int:
    """Delete names and contacts ``ACTIVITIES_RETENTION_DAYS`` after the activity; the
    sign-up stays, without them, for the statistics."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ACTIVITIES_RETENTION_DAYS)
    return SignUp.objects.filter(anonymised_at__isnull=True, activity__ends_at__lt=cutoff).update(
        name="", email="", phone="", person_key="", submitter_key="", client_reference=None,
        anonymised_at=now,
    )  # fmt: skip


def series_make(*, now: dt.datetime | None = None) -> int:
    """Series get their next weeks' dates, and the directory's schedules their series."""
    now = now or timezone.now()
    return schedules_sync(today=timezone.localdate(now))


# Steps that send messages stamp each one in its own transaction (``_stamp_and_send``), so no
# transaction goes around them; the others change rows only and run in one each.
SENDING = ("reminders", "meet_again")


def daily_steps(*, now: dt.datetime | None = None, base_url: str | None = None):
    """Each step by name (``STEPS``), as a function of no arguments."""
    now = now or timezone.now()
    return {
        "anonymise": lambda: participants_anonymise(now=now),
        # accounts asked for on the activities' account page whose address nobody confirmed,
        # and the finished account requests (a name and an address) in the task-result table
        "unconfirmed_accounts": lambda: unconfirmed_accounts_purge(now=now),
        "reminders": lambda: reminders_send(now=now, base_url=base_url),
        "meet_again": lambda: meet_again_send(now=now, base_url=base_url),
        "held": lambda: held_mark(now=now),
        "series": lambda: series_make(now=now),
    }


def daily_steps_register() -> None:
    """Register each step with ``brobygger daily`` (``core.daily``) as ``activities.<step>``,
    in ``STEPS`` order (the deletion first), each taking the time when it runs."""
    for name in STEPS:
        register_step(f"activities.{name}", partial(_run_step, name), atomic=name not in SENDING)


def _run_step(name: str) -> int:
    return daily_steps()[name]()


def daily_run(*, now: dt.datetime | None = None, base_url: str | None = None) -> DailyReport:
    """Every step, each on its own: one that raises is logged and named in ``failed``
    (``brobygger activities remind``; ``brobygger daily`` runs the same steps through
    ``core.daily``)."""
    steps = daily_steps(now=now, base_url=base_url)
    counts: dict[str, int] = {}
    failed = []
    for name in STEPS:
        try:
            counts[name] = steps[name]()
        except Exception:
            logger.exception("activities: the daily step %r failed", name)
            counts[name] = 0
            failed.append(name)
    return DailyReport(
        reminders=counts["reminders"],
        meet_again=counts["meet_again"],
        held=counts["held"],
        made=counts["series"],
        anonymised=counts["anonymise"],
        unconfirmed_accounts_deleted=counts["unconfirmed_accounts"],
        failed=tuple(failed),
    )
