"""'I dag / forsinket' (issue 12): what the broker should do today, and what is overdue, from
one selector with the rules, tested on fixed days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from brobygger.directory.models import Initiative
from brobygger.referrals import selectors, services
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
DAY0 = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _days(settings):
    settings.REFERRALS_FIRST_CONTACT_DAYS = 3
    settings.REFERRALS_FIRST_VISIT_REMIND_DAYS = 14
    settings.REFERRALS_FOLLOW_UP_DAYS = 91


def _case(people2, name, when):
    arena = people2["staff"].arena_memberships.get().arena
    made, _ = services.referral_submit(
        user=people2["staff"], arena=arena, citizen_fields=citizen(name),
        consent=services.ConsentGiven(), now=when,
    )  # fmt: skip
    return made


def _kinds(day, **kw):
    return [
        (i.kind, i.case.citizen.name, i.overdue(day)) for i in selectors.due_work(today=day, **kw)
    ]


def test_it_lists_a_first_contact_on_its_day_and_as_overdue_after(people2):
    _case(people2, "Anna", START)
    assert _kinds(DAY0 + dt.timedelta(days=2)) == []
    assert _kinds(DAY0 + dt.timedelta(days=3)) == [("first_contact", "Anna", False)]
    assert _kinds(DAY0 + dt.timedelta(days=4)) == [("first_contact", "Anna", True)]


def test_it_drops_a_first_contact_once_the_citizen_is_reached(people2):
    anna = _case(people2, "Anna", START)
    services.contact_add(
        case=anna, user=people2["broker"], channel="phone", reached=True,
        now=START + dt.timedelta(days=1),
    )  # fmt: skip
    assert _kinds(DAY0 + dt.timedelta(days=10)) == []


def test_it_lists_first_visits_and_follow_ups_by_their_reminder_dates(people2):
    anna = _case(people2, "Anna", START)
    ventilen = Initiative.objects.get(name="Ventilen")
    referral = services.initiative_refer(
        case=anna, initiative=ventilen, user=people2["broker"], now=START
    )
    assert _kinds(DAY0 + dt.timedelta(days=13)) == []
    assert _kinds(DAY0 + dt.timedelta(days=14)) == [("first_visit", "Anna", False)]
    visited = START + dt.timedelta(days=20)
    services.referral_confirm_first_visit(referral=referral, user=people2["editor"], now=visited)
    assert _kinds(DAY0 + dt.timedelta(days=20 + 90)) == []
    assert _kinds(DAY0 + dt.timedelta(days=20 + 91)) == [("follow_up", "Anna", False)]
    assert _kinds(DAY0 + dt.timedelta(days=20 + 95)) == [("follow_up", "Anna", True)]
    services.referral_confirm_participating(
        referral=referral, user=people2["editor"], now=visited + dt.timedelta(days=92)
    )
    assert _kinds(DAY0 + dt.timedelta(days=200)) == []


def test_it_leaves_out_closed_cases_and_follows_the_days_setting(people2, settings):
    anna, bent = _case(people2, "Anna", START), _case(people2, "Bent", START)
    services.case_advance(bent, "closed", reason="declined", now=START)
    assert [k[1] for k in _kinds(DAY0 + dt.timedelta(days=3))] == ["Anna"]
    settings.REFERRALS_FIRST_CONTACT_DAYS = 5
    assert _kinds(DAY0 + dt.timedelta(days=3)) == []
    assert anna.state == "new"


def test_it_shows_mine_or_all_on_the_page(people2, client):
    anna, bent = _case(people2, "Anna", START), _case(people2, "Bent", START)
    services.case_assign(case=anna, assignee=people2["broker"], by=people2["broker"])
    client.force_login(people2["broker"])
    page = client.get("/formidler/i-dag/")
    assert page.status_code == 200
    assert {item.case.citizen.name for item, _overdue in page.context["items"]} == {"Anna", "Bent"}
    mine = client.get("/formidler/i-dag/", {"owner": "mine"})
    assert [item.case.citizen.name for item, _o in mine.context["items"]] == ["Anna"]
    assert 'data-overdue="1"' in mine.content.decode()
    client.force_login(people2["staff"])
    assert client.get("/formidler/i-dag/").status_code == 403
    assert bent.assigned_to is None
