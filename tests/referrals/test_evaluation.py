"""The evaluation: intervals against R, the funnel, before/after per arena, the T-ILS change,
the researchers' export (no personal data) and the demo data's label."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from brobygger.insights.evaluation import referrals as evaluation
from brobygger.lib.intervals import mean_change, rate_ratio
from brobygger.referrals import demo, services
from brobygger.referrals.models import Case, OutcomeMeasurement
from tests.referrals.conftest import citizen

# R 4.x, stats::poisson.test(c(after, before), c(t_after, t_before))$conf.int and
# t.test(after, before, paired = TRUE)$conf.int, printed to 7 significant digits.
R_POISSON = [
    ((30, 6, 12, 6), (2.5, 1.242963, 5.361668)),
    ((5, 6, 0, 6), (float("inf"), 0.9163559, float("inf"))),
]
R_PAIRED_T = (([7, 8, 6, 7], [5, 7, 6, 4]), (-1.5, -3.5542603, 0.5542603))


@pytest.mark.parametrize(("counts", "expected"), R_POISSON)
def test_rate_ratio_matches_r_poisson_test(counts, expected):
    got = rate_ratio(*counts)
    for ours, theirs in zip((got.estimate, got.low, got.high), expected, strict=True):
        assert ours == pytest.approx(theirs, rel=1e-6)


def test_mean_change_matches_r_paired_t_test():
    (before, after), expected = R_PAIRED_T
    got = mean_change(before, after)
    assert (got.estimate, got.low, got.high) == pytest.approx(expected, rel=1e-6)
    assert mean_change([], []).estimate is None
    assert mean_change([7], [5]).low is None


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_before_and_after_count_equal_windows_around_the_introduction(people2):
    arena = people2["staff"].arena_memberships.get().arena
    arena.tools_introduced_on = dt.date(2026, 6, 1)
    arena.save()
    days_before = [dt.date(2026, 5, 1), dt.date(2026, 5, 30)]
    days_after = [
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 10),
        dt.date(2026, 6, 20),
        dt.date(2026, 7, 1),
    ]
    for day in [dt.date(2026, 4, 1), *days_before, *days_after, dt.date(2026, 8, 1)]:
        services.referral_submit(
            user=people2["staff"],
            arena=arena,
            citizen_fields=citizen("X"),
            consent=services.ConsentGiven(),
            now=_at(day),
        )
    (row,) = evaluation.before_after(evaluation.cases(), today=dt.date(2026, 7, 15))
    assert row.window_days == 44
    assert (row.before, row.after) == (2, 4)
    assert row.ratio.estimate == pytest.approx(2.0)
    expected = rate_ratio(4, 44, 2, 44)
    assert (row.ratio.low, row.ratio.high) == (expected.low, expected.high)


def test_funnel_tils_change_and_time_to_first_visit(scenario):
    editor = scenario["people"]["editor"]
    anna = scenario["anna"]
    visit = anna.created_at + dt.timedelta(days=6)
    services.referral_confirm_first_visit(referral=scenario["to_ventilen"], user=editor, now=visit)
    services.outcome_record(case=anna, moment=OutcomeMeasurement.Moment.FOLLOW_UP, items=(2, 1, 2))
    rows = evaluation.funnel(evaluation.cases())
    by_arena = {r.arena: r for r in rows}
    assert by_arena["Jobcenter Aarhus"].first_visit == 1
    assert by_arena["Rygestoprådgivningen"].first_visit == 0
    change = evaluation.tils_change(evaluation.cases())
    assert (change.estimate, change.n) == (-3, 1)  # 8 -> 5
    timings = {t.arena: t for t in evaluation.time_to_first_visit(evaluation.cases())}
    assert timings["Jobcenter Aarhus"].median_days == pytest.approx(6)


def test_the_research_export_is_pseudonymised(scenario, client):
    client.force_login(scenario["people"]["analyst"])
    response = client.get("/evaluering/forloeb.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Danish Excel shows æøå
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert tuple(rows[0]) == evaluation.RESEARCH_COLUMNS
    for secret in ("Anna", "Bent", "20 30 40 50", "8000", "brætspil", str(scenario["anna"].pk)):
        assert secret not in text
    codes = {r["pseudonym"] for r in rows}
    assert len(codes) == 2 and all(len(code) == 16 for code in codes)
    assert not codes & {scenario["anna"].pseudonym, scenario["bent"].pseudonym}


def test_demo_data_is_labelled_and_shown_only_in_the_demo_view(people, client, settings):
    settings.DEBUG = True  # demo mode: DEBUG on and SQLite
    if not demo.demo_mode():
        pytest.skip("demo mode needs SQLite")
    created = demo.demo_create(seed=3, today=dt.date(2026, 11, 1))
    assert created > 20
    assert Case.all_rows.filter(is_demo=False).count() == 0
    assert all(c.citizen.anonymised_at for c in Case.all_rows.select_related("citizen"))
    client.force_login(people["analyst"])
    real = client.get("/evaluering/").content.decode()
    assert 'data-step="referred">0<' in real and 'id="demo-label"' not in real
    assert 'href="?demo=1"' in real
    page = client.get("/evaluering/?demo=1").content.decode()
    assert 'id="demo-label"' in page
    totals = evaluation.funnel_totals(evaluation.funnel(evaluation.cases(demo=True)))
    assert totals["referred"] == created
    assert f'data-step="referred">{created}<' in page
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/evaluering/forloeb.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows == []
    ratios = evaluation.before_after(evaluation.cases(demo=True), today=dt.date(2026, 11, 1))
    assert len(ratios) == 4 and sum(r.after for r in ratios) > sum(r.before for r in ratios)
    assert demo.demo_clear() == created
