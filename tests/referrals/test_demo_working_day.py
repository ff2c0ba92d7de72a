"""What a broker sees first in the demo is a working day: new and overdue cases on "I dag", the
queue, and a citizen waiting for a følgeven, each labelled Demo. Demo mode only; outside it no
list shows a demo case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from brobygger.activities import demo as activities_demo
from brobygger.activities.selectors import company_wanted
from brobygger.referrals import demo, selectors
from brobygger.referrals.models import Case
from brobygger.web.demo_seed import seed_demo_content

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="demo mode is the embedded SQLite default only"
)


@pytest.fixture
def demo_day(db, settings, seeded):
    settings.DEBUG = True
    list(seed_demo_content())
    return Case.all_rows.filter(is_demo=True, citizen__anonymised_at=None)


def test_it_seeds_a_working_day_once(demo_day):
    assert demo_day.count() == len(demo.WORKING_DAY)
    assert demo.demo_working_day() == 0  # once
    names = set(demo_day.values_list("citizen__name", flat=True))
    assert all(name.endswith("(demo)") for name in names)


def test_the_broker_sees_new_and_overdue_cases_labelled_demo(demo_day, client):
    from django.contrib.auth import get_user_model

    from brobygger.accounts.demo import DEMO_USERNAMES

    client.force_login(get_user_model().objects.get(username=DEMO_USERNAMES["broker"]))
    today = client.get("/formidler/i-dag/")
    assert today.status_code == 200
    page = today.content.decode()
    cutoff = timezone.now() - dt.timedelta(days=selectors.first_contact_days())
    overdue = demo_day.filter(contacted_at__isnull=True, created_at__lte=cutoff)
    fresh = demo_day.filter(contacted_at__isnull=True, created_at__gt=cutoff)
    assert overdue.count() == 2 and fresh.count() == 2
    assert all(case.pseudonym in page for case in overdue)
    assert not any(case.pseudonym in page for case in fresh)
    assert page.count('<span class="tag">Demo</span>') >= 2
    queue = client.get("/formidler/").content.decode()
    assert all(case.pseudonym in queue for case in demo_day)
    case = demo_day.first()
    assert client.get(f"/formidler/sag/{case.pk}/").status_code == 200


def test_a_demo_citizen_waits_for_a_folgeven(demo_day):
    waiting = company_wanted().filter(case__in=demo_day, companion__isnull=True)
    assert waiting.count() == 1
    assert activities_demo.demo_company_wanted() == 0  # once


def test_outside_demo_mode_no_list_shows_a_demo_case(demo_day, settings):
    settings.DEBUG = False
    assert not selectors.working_cases().filter(is_demo=True).exists()
    assert not selectors.case_queue().filter(is_demo=True).exists()
