"""Referrals between the two sides of a pop-up visit, before and after their first visit."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from brobygger.insights.evaluation.network import visits_before_after
from brobygger.network.models import VisitBooking, VisitSlot
from brobygger.referrals.models import Case, Citizen, Referral


def _visit(host, *, days_ago, arena=None, initiative=None, cancelled=False, demo=False):
    starts = timezone.now() - dt.timedelta(days=days_ago)
    slot = VisitSlot.all_rows.create(
        initiative=host,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        places=5,
        is_demo=demo,
    )
    return VisitBooking.objects.create(
        slot=slot,
        visitor_arena=arena,
        visitor_initiative=initiative,
        visitors=1,
        cancelled_at=timezone.now() if cancelled else None,
    )


def _refer(initiative, *, days_ago, arena=None, case=None, visited_days_ago=None):
    if case is None:
        case = Case.all_rows.create(citizen=Citizen.objects.create(), arena=arena, source="staff")
    at = timezone.now() - dt.timedelta(days=days_ago)
    visited = None
    if visited_days_ago is not None:
        visited = timezone.now() - dt.timedelta(days=visited_days_ago)
    Referral.objects.create(case=case, initiative=initiative, created_at=at, first_visit_at=visited)
    return case


def test_it_counts_an_arenas_referrals_in_equal_windows_around_its_first_visit(network):
    ventilen, jobcenter = network["ventilen"], network["jobcenter"]
    # the scenario's visit from Jobcenter Aarhus to Ventilen was 7 days ago; this one earlier
    _visit(ventilen, days_ago=30, arena=jobcenter)
    _visit(ventilen, days_ago=40, arena=jobcenter, cancelled=True)  # does not count
    for days in (65, 35):  # 65 days ago is outside the 30-day window before
        _refer(ventilen, days_ago=days, arena=jobcenter)
    for days in (20, 10, 2):
        _refer(ventilen, days_ago=days, arena=jobcenter)
    _refer(network["visits"], days_ago=5, arena=jobcenter)  # another initiative
    rows = {(r.visitors, r.host): r for r in visits_before_after()}
    row = rows[("Jobcenter Aarhus", "Ventilen")]
    assert (row.window_days, row.before, row.after) == (30, 1, 3)
    assert row.ratio.estimate == 3.0
    assert row.first_visit == timezone.localdate(timezone.now() - dt.timedelta(days=30))


def test_it_counts_people_sent_on_between_two_initiatives_in_both_directions(network):
    ventilen, visits = network["ventilen"], network["visits"]
    _visit(ventilen, days_ago=20, initiative=visits)
    # at Ældre Sagen (first visit confirmed) and then referred on to Ventilen, after the visit
    case = _refer(visits, days_ago=15, visited_days_ago=14)
    _refer(ventilen, days_ago=10, case=case)
    # at Ventilen and then referred on to Ældre Sagen, before the visit
    other = _refer(ventilen, days_ago=30, visited_days_ago=28)
    _refer(visits, days_ago=25, case=other)
    # referred to both, never came to the first: not sent on
    third = _refer(visits, days_ago=12)
    _refer(ventilen, days_ago=8, case=third)
    rows = {(r.visitors, r.host): r for r in visits_before_after()}
    row = rows[("Ældre Sagens Besøgstjeneste", "Ventilen")]
    assert (row.window_days, row.before, row.after) == (20, 1, 1)


def test_it_leaves_out_demo_visits_and_future_visits(network):
    _visit(network["visits"], days_ago=10, arena=network["jobcenter"], demo=True)
    rows = visits_before_after()
    assert [(r.visitors, r.host) for r in rows] == [("Jobcenter Aarhus", "Ventilen")]
    assert [(r.visitors, r.host) for r in visits_before_after(demo=True)] == [
        ("Jobcenter Aarhus", "Ældre Sagens Besøgstjeneste")
    ]


def test_it_renders_the_dashboard_include(network):
    from django.template.loader import render_to_string
    from django.utils import translation

    from brobygger.insights.evaluation.charts import interval_text

    with translation.override("en"):
        rows = [(v, interval_text(v.ratio)) for v in visits_before_after()]
        html = render_to_string("insights/_evaluation_network.html", {"network_visits": rows})
    table = html.split('id="network-visits-table"')[1]
    assert "Jobcenter Aarhus" in table and "Ventilen" in table
