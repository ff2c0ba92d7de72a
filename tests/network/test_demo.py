"""Demo content: made only in demo mode, once, labelled, and never in a real figure."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.utils import timezone

from brobygger.insights.evaluation.network import visits_before_after
from brobygger.network import demo, selectors, services
from brobygger.network.models import Course, Idea, VisitSlot

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="demo mode is the embedded SQLite default only"
)


def test_it_makes_nothing_outside_demo_mode(people):
    assert demo.demo_seed() is None
    assert not VisitSlot.all_rows.exists() and not Course.all_rows.exists()


def test_it_seeds_visits_courses_and_ideas_once_in_demo_mode(people, settings, client):
    settings.DEBUG = True
    assert demo.demo_seed().startswith("Network demo:")
    counts = (VisitSlot.all_rows.count(), Course.all_rows.count(), Idea.all_rows.count())
    assert all(counts)
    assert demo.demo_seed() is None  # idempotent
    assert (VisitSlot.all_rows.count(), Course.all_rows.count(), Idea.all_rows.count()) == counts
    assert not VisitSlot.all_rows.filter(is_demo=False).exists()
    assert selectors.graph() == {"nodes": [], "edges": []}  # real figures stay empty
    assert selectors.graph(demo=True)["edges"]
    assert visits_before_after() == []
    page = client.get("/netvaerk/kurser/").content.decode()
    assert page.count('class="tag">Demo<') == Course.all_rows.count()


def _course_events(client) -> dict[str, icalendar.Event]:
    response = client.get("/netvaerk/kurser/kalender.ics", HTTP_COOKIE="django_language=en")
    assert response.status_code == 200
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.mark.demo_mode
def test_the_course_feed_marks_demo_courses_and_only_them(people, settings, client):
    """As the activities feed does: "Example: …", a line that says so, and CATEGORIES:DEMO."""

    def course(title):
        return services.course_submit(
            user=people["administrator"],
            title=title,
            organiser="Frivilligcenter Aarhus",
            starts_on=timezone.localdate() + dt.timedelta(days=10),
            place="Mejlgade 1",
        )

    real, example = course("Samtaler om fællesskab"), course("Førstehjælp")
    Course.all_rows.filter(pk=example.pk).update(is_demo=True)
    settings.DEBUG = True  # demo mode: the embedded SQLite default with DEBUG on
    events = _course_events(client)
    marked, plain = events[f"course-{example.pk}@brobygger"], events[f"course-{real.pk}@brobygger"]
    assert str(marked["SUMMARY"]) == "Example: Førstehjælp"
    description = str(marked["DESCRIPTION"])
    assert description.startswith("A made-up course that shows how the platform works.\n")
    assert description.endswith("Frivilligcenter Aarhus")
    assert marked["CATEGORIES"].cats == ["DEMO"]
    assert str(plain["SUMMARY"]) == "Samtaler om fællesskab" and "CATEGORIES" not in plain
    assert str(plain["DESCRIPTION"]) == "Frivilligcenter Aarhus"
    settings.DEBUG = False  # out of demo mode the demo course is not in the feed at all
    assert set(_course_events(client)) == {f"course-{real.pk}@brobygger"}
