"""Recurring activities: a series' dates made as activities a few weeks ahead, and a directory
initiative's regular times as a series (made once per schedule, so nothing is entered twice).
"""

from __future__ import annotations

import datetime as dt

from dateutil import rrule
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from brobygger.activities.models import Activity, Series
from brobygger.directory.models import Initiative, Schedule

WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def horizon(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today + dt.timedelta(weeks=settings.ACTIVITIES_SERIES_WEEKS)


def series_dates(series: Series, first: dt.date, *, until: dt.date) -> list[dt.date]:
    """The series' dates from ``first`` (its first date) up to ``until`` (inclusive), without
    its exceptions and not past its own end."""
    end = min(d for d in (until, series.until) if d is not None)
    rule = rrule.rrule(rrule.WEEKLY, interval=series.every_weeks, dtstart=first, until=end)
    skipped = set(series.exceptions or [])
    return [d.date() for d in rule if d.date().isoformat() not in skipped]


def _copy_fields(template: Activity) -> dict:
    skip = {"id", "starts_at", "ends_at", "created_at", "series", "target_groups"}
    return {
        f.name: getattr(template, f.name)
        for f in Activity._meta.concrete_fields
        if f.name not in skip and not f.auto_created
    }


def series_extend(series: Series, *, today: dt.date | None = None) -> int:
    """Make the series' missing dates up to the horizon, copied from its first activity."""
    template = Activity.all_rows.filter(series=series).order_by("starts_at").first()
    if template is None:
        return 0
    start = timezone.localtime(template.starts_at)
    length = template.ends_at - template.starts_at
    made_before = Activity.all_rows.filter(series=series).only("starts_at")  # demo dates too
    existing = {timezone.localtime(a.starts_at).date() for a in made_before}
    fields = _copy_fields(template)
    groups = list(template.target_groups.all())
    made = 0
    for day in series_dates(series, start.date(), until=horizon(today)):
        if day in existing:
            continue
        starts = timezone.make_aware(dt.datetime.combine(day, start.time().replace(tzinfo=None)))
        activity = Activity.objects.create(
            **fields, series=series, starts_at=starts, ends_at=starts + length
        )
        activity.target_groups.set(groups)
        made += 1
    return made


def series_skip(series: Series, day: dt.date) -> None:
    """An exception: the series does not meet on ``day`` (its activity, if made, is cancelled)."""
    if day.isoformat() not in series.exceptions:
        series.exceptions = sorted([*series.exceptions, day.isoformat()])
        series.save(update_fields=["exceptions"])
    for activity in Activity.all_rows.filter(series=series):
        if timezone.localtime(activity.starts_at).date() == day:
            from brobygger.activities.services import activity_cancel

            activity_cancel(activity=activity)


def _next_weekday(today: dt.date, weekday: int) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def schedule_weekdays(schedule: Schedule) -> list[int]:
    return [WEEKDAYS[code] for code in (schedule.byday or "").split(",") if code in WEEKDAYS]


def schedules_sync(*, today: dt.date | None = None) -> int:
    """Every published initiative's weekly schedule with a time becomes a series (once), and
    every series is extended to the horizon. Returns the number of activities made."""
    today = today or timezone.localdate()
    made = 0
    schedules = Schedule.objects.filter(
        initiative__status=Initiative.Status.PUBLISHED,
        freq=Schedule.Freq.WEEKLY,
        opens_at__isnull=False,
        closes_at__isnull=False,
        series__isnull=True,
    ).select_related("initiative", "initiative__organization")
    for schedule in schedules:
        days = schedule_weekdays(schedule)
        if len(days) != 1 or schedule.closes_at <= schedule.opens_at:
            continue  # one series per weekday: a schedule of several days is left to the host
        made += _series_from_schedule(schedule, days[0], today)
    for series in Series.objects.filter(activities__isnull=False).distinct():
        made += series_extend(series, today=today)
    return made


@transaction.atomic
def _series_from_schedule(schedule: Schedule, weekday: int, today: dt.date) -> int:
    initiative = schedule.initiative
    series = Series.objects.create(
        every_weeks=max(1, min(schedule.interval or 1, 2)), until=schedule.valid_to,
        schedule=schedule,
    )  # fmt: skip
    first = _next_weekday(max(today, schedule.valid_from or today), weekday)
    starts = timezone.make_aware(dt.datetime.combine(first, schedule.opens_at))
    ends = timezone.make_aware(dt.datetime.combine(first, schedule.closes_at))
    link = initiative.service_at_locations.select_related("location").first()
    location = link.location if link is not None else None
    activity = Activity.objects.create(
        title=initiative.name,
        description=initiative.description or initiative.name,
        starts_at=starts,
        ends_at=ends,
        series=series,
        initiative=initiative,
        organization=initiative.organization,
        place_name=getattr(location, "name", "") or "",
        address=_street(location),
        postcode=_postcode(location),
        welcome=initiative.first_visit,
        minimum_age=initiative.minimum_age,
        maximum_age=initiative.maximum_age,
        may_bring_someone=initiative.may_bring_companion is not False,
        state=Activity.State.PUBLISHED,
        is_demo=getattr(initiative, "is_example", False),
    )
    activity.target_groups.set(initiative.target_groups.all())
    return 1 + series_extend(series, today=today)


def _street(location) -> str:
    return location.address_1 if location is not None else ""


def _postcode(location) -> str:
    code = location.postal_code if location is not None else ""
    return code if len(code) == 4 and code.isdigit() else ""
