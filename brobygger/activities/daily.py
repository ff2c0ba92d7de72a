"""What ``brobygger activities remind`` does once a day. Each step is idempotent (a sent-at
stamp per sign-up), so running it twice, or after a day was missed, sends nothing twice:

1. reminders the day before, to everyone confirmed for tomorrow;
2. the "genlyd" message after an activity, with the host's next date when there is one;
3. past published activities become "held";
4. series get their next weeks' dates, and the directory's schedules their series;
5. participants' names and contacts are deleted a setting's number of days after the activity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from brobygger.activities import messages
from brobygger.activities.models import Activity, SignUp
from brobygger.activities.recurrence import schedules_sync

MEET_AGAIN_WITHIN = dt.timedelta(days=3)  # a late run does not thank people for last month


@dataclass(frozen=True)
class DailyReport:
    reminders: int
    meet_again: int
    held: int
    made: int
    anonymised: int


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
    later = Activity.objects.filter(
        state=Activity.State.PUBLISHED, starts_at__gt=activity.ends_at
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
    """Stamp first, under a lock, so two runs at once never send the same message twice."""
    with transaction.atomic():
        updated = SignUp.objects.filter(pk=signup.pk, **{f"{stamp}__isnull": True}).update(
            **{stamp: now}
        )
    if not updated:
        return 0
    if stamp == "reminder_sent_at":
        messages.reminder(signup, base_url=base_url)
    else:
        messages.meet_again(signup, *extra, base_url=base_url)
    return 1


def held_mark(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return Activity.objects.filter(state=Activity.State.PUBLISHED, ends_at__lte=now).update(
        state=Activity.State.HELD
    )


def participants_anonymise(*, now: dt.datetime | None = None) -> int:
    """Delete names and contacts ``ACTIVITIES_RETENTION_DAYS`` after the activity; the
    sign-up stays, without them, for the statistics."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ACTIVITIES_RETENTION_DAYS)
    return SignUp.objects.filter(anonymised_at__isnull=True, activity__ends_at__lt=cutoff).update(
        name="", email="", phone="", person_key="", anonymised_at=now
    )


def daily_run(*, now: dt.datetime | None = None, base_url: str | None = None) -> DailyReport:
    now = now or timezone.now()
    return DailyReport(
        reminders=reminders_send(now=now, base_url=base_url),
        meet_again=meet_again_send(now=now, base_url=base_url),
        held=held_mark(now=now),
        made=schedules_sync(today=timezone.localdate(now)),
        anonymised=participants_anonymise(now=now),
    )
