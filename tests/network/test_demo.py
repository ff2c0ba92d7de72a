"""Demo content: made only in demo mode, once, labelled, and never in a real figure."""

from __future__ import annotations

import pytest
from django.db import connection

from brobygger.insights.evaluation.network import visits_before_after
from brobygger.network import demo, selectors
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
