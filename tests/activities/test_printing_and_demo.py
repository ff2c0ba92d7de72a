"""The week's print for a postcode (a real PDF), and the demo week on the embedded default."""

from __future__ import annotations

import datetime as dt
import subprocess

import icalendar
import pytest
from django.db import connection
from django.utils import timezone

from brobygger.activities import demo
from brobygger.activities.models import Activity
from brobygger.activities.printing import nearby_pdf


def _text(pdf: bytes) -> str:
    """The PDF's text as poppler reads it (pdftotext, from the system's poppler-utils)."""
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def test_the_week_print_lists_that_weeks_activities_for_the_postcode(make_activity):
    here = make_activity(title="Kaffe i Mejlgade")
    make_activity(title="Andetsteds", postcode="8200")
    pdf = nearby_pdf(postcode="8000", start=timezone.localtime(here.starts_at).date(),
                     base_url="http://example.test:8123")  # fmt: skip
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Kaffe i Mejlgade" in text and "Andetsteds" not in text
    assert "example.test:8123" in text


needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="demo mode is the embedded default: SQLite only"
)


@needs_sqlite
def test_the_demo_week_exists_only_in_demo_mode(db, settings):
    settings.DEBUG = False
    assert demo.demo_seed() is None and not Activity.all_rows.exists()
    settings.DEBUG = True
    assert demo.demo_seed()
    week = Activity.all_rows.filter(starts_at__lt=timezone.now() + dt.timedelta(days=7))
    assert week.count() >= 5 and all(a.is_demo for a in Activity.all_rows.all())
    assert demo.demo_seed() is None  # once


@needs_sqlite
def test_demo_activities_stay_out_of_the_statistics(db, settings):
    from brobygger.insights.evaluation.activities import statistics

    settings.DEBUG = True
    demo.demo_seed()
    assert statistics() == []
    assert sum(row["activities"] for row in statistics(demo=True)) > 0


@needs_sqlite
def test_the_daily_series_step_makes_no_second_copy_of_a_demo_date(db, settings):
    """The series step lists the dates already made through all rows: a demo series' dates are
    demo rows, which the default manager leaves out (the review found 48 copies a day)."""
    from brobygger.activities.recurrence import schedules_sync

    settings.DEBUG = True
    assert demo.demo_seed()
    schedules_sync()  # whatever the seed left to the horizon
    before = Activity.all_rows.count()
    assert before and schedules_sync() == 0 and schedules_sync() == 0
    assert Activity.all_rows.count() == before
    starts = list(Activity.all_rows.values_list("series_id", "starts_at"))
    assert len(starts) == len(set(starts))  # no date twice in a series


def _feed_events(client) -> dict[str, icalendar.Event]:
    response = client.get("/aktiviteter/kalender.ics", HTTP_COOKIE="django_language=en")
    assert response.status_code == 200
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


@needs_sqlite
@pytest.mark.demo_mode
def test_the_calendar_feed_marks_demo_activities_and_only_them(client, settings, make_activity):
    real = make_activity(title="Kaffe i Mejlgade")
    example = make_activity(title="Strikkeklub", description="Vi strikker sammen.")
    Activity.all_rows.filter(pk=example.pk).update(is_demo=True)
    settings.DEBUG = True  # demo mode: the embedded SQLite default with DEBUG on
    events = _feed_events(client)
    marked, plain = events[f"{example.pk}@brobygger"], events[f"{real.pk}@brobygger"]
    assert str(marked["SUMMARY"]) == "Example: Strikkeklub"
    assert str(marked["DESCRIPTION"]).startswith("A made-up activity that shows how the platform")
    assert str(marked["DESCRIPTION"]).endswith("Vi strikker sammen.")
    assert marked["CATEGORIES"].cats == ["DEMO"]
    assert str(plain["SUMMARY"]) == "Kaffe i Mejlgade" and "CATEGORIES" not in plain
    assert str(plain["DESCRIPTION"]) == real.description
    settings.DEBUG = False  # out of demo mode the demo activity is not in the feed at all
    assert set(_feed_events(client)) == {f"{real.pk}@brobygger"}
