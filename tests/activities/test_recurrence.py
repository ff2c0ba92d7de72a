"""Recurring activities: weekly and fortnightly dates with exceptions; a directory schedule
becomes one series, made once."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from brobygger.activities import recurrence
from brobygger.activities.models import Activity, Series
from brobygger.directory.models import Initiative, Schedule


def _dates(series):
    return [timezone.localtime(a.starts_at).date() for a in series.activities.order_by("starts_at")]


def test_a_fortnightly_activity_is_made_every_other_week_to_the_horizon(make_activity, settings):
    settings.ACTIVITIES_SERIES_WEEKS = 6
    first = make_activity(every_weeks=2)
    dates = _dates(first.series)
    assert len(dates) >= 3
    assert {(b - a).days for a, b in zip(dates, dates[1:], strict=False)} == {14}


def test_an_exception_cancels_that_date_and_is_not_made_again(make_activity):
    first = make_activity(every_weeks=1)
    second_date = _dates(first.series)[1]
    recurrence.series_skip(first.series, second_date)
    cancelled = [a for a in first.series.activities.all()
                 if timezone.localtime(a.starts_at).date() == second_date]  # fmt: skip
    assert [a.state for a in cancelled] == ["cancelled"]
    before = first.series.activities.count()
    recurrence.series_extend(first.series)
    assert first.series.activities.count() == before


def test_a_directory_schedule_becomes_one_series_once(seeded):
    initiative = Initiative.objects.filter(status="published").first()
    schedule = Schedule.objects.create(
        initiative=initiative, freq="WEEKLY", interval=1, byday="TH",
        opens_at=dt.time(14, 0), closes_at=dt.time(16, 0),
    )  # fmt: skip
    made = recurrence.schedules_sync()
    again = recurrence.schedules_sync()
    series = Series.objects.get(schedule=schedule)
    activities = Activity.objects.filter(series=series)
    assert made == activities.count() > 0 and again == 0
    assert {timezone.localtime(a.starts_at).weekday() for a in activities} == {3}
    assert {a.initiative_id for a in activities} == {initiative.pk}
    assert all(a.state == "published" for a in activities)
