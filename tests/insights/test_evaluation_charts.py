"""The evaluation dashboard's charts (insights/evaluation/charts.py), read back as XML: a bar per
month per arena on one axis, the tools' day in its month, whiskers where the interval's limits
fall on the log axis, months in the page's language, an accessible name on every chart, and the
dashboard showing the three figures over their tables."""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation

from brobygger.insights.evaluation import charts
from brobygger.insights.evaluation.referrals import (
    SELF_REFERRAL,
    BeforeAfter,
    FunnelRow,
    Timing,
)
from brobygger.lib.intervals import Estimate
from brobygger.referrals import services
from brobygger.referrals.models import Arena, ArenaMembership
from tests.referrals.conftest import citizen

SVG = "{http://www.w3.org/2000/svg}"

ROWS = [  # two arenas; Trigeparken has no referral in December or February
    FunnelRow("Trigeparken", "2025-11", referred=2),
    FunnelRow("Trigeparken", "2026-01", referred=3),
    FunnelRow("Trigeparken", "2026-03", referred=8),
    FunnelRow(SELF_REFERRAL, "2025-12", referred=1),
    FunnelRow(SELF_REFERRAL, "2026-03", referred=4),
]
INTRODUCED = {"Trigeparken": dt.date(2026, 1, 15)}
# R: stats::poisson.test(c(30, 12), c(6, 6))$conf.int (tests/referrals/test_evaluation.py)
R_RATIO = Estimate(2.5, 1.242963, 5.361668, 42)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _all(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    found = root.iter(SVG + tag)
    return [e for e in found if cls is None or cls in e.get("class", "").split()]


def _panels(language: str = "da") -> list[ET.Element]:
    with translation.override(language):
        series = charts.arena_months(ROWS, introduced=INTRODUCED, self_label="Selv")
        return [_parse(svg) for svg in charts.monthly_panels(series)]


def test_it_draws_one_bar_per_month_per_arena_on_a_shared_axis():
    trigeparken, self_referred = _panels()
    months = ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
    heights = {}
    for panel in (trigeparken, self_referred):
        bars = _all(panel, "rect", "bar")
        assert [b.get("data-month") for b in bars] == months  # a month without any is a 0 bar
        heights[panel.get("id")] = [float(b.get("height")) for b in bars]
    # one scale for both panels: 8 referrals are twice as tall as 4, in either panel
    assert heights["monthly-0"][1] == heights["monthly-0"][3] == 0
    assert heights["monthly-0"][4] == pytest.approx(2 * heights["monthly-1"][4], abs=0.2)
    assert heights["monthly-0"][2] == pytest.approx(3 * heights["monthly-1"][1], abs=0.3)
    bottoms = {float(b.get("y")) + float(b.get("height")) for b in _all(trigeparken, "rect")}
    assert len({round(v, 1) for v in bottoms}) == 1  # every bar stands on the same baseline


def test_it_marks_the_day_the_arena_got_the_tools_inside_that_month():
    trigeparken, self_referred = _panels()
    (marker,) = _all(trigeparken, "line", "introduced")
    bars = _all(trigeparken, "rect", "bar")
    slot = float(bars[1].get("x")) - float(bars[0].get("x"))
    january = bars[2]
    assert january.get("data-month") == "2026-01"
    slot_start = float(january.get("x")) - (slot - float(january.get("width"))) / 2
    x = float(marker.get("x1"))
    assert slot_start < x < slot_start + slot  # in January's slot ...
    assert x == pytest.approx(slot_start + slot * 14 / 31, abs=0.2)  # ... on the 15th
    assert marker.get("stroke-dasharray")
    legend = "".join(_all(trigeparken, "text", "legend")[0].itertext())
    assert "15. jan. 2026" in legend
    assert _all(self_referred, "line", "introduced") == []  # no date, no line ...
    assert _all(self_referred, "text", "legend") == []  # ... and no "no date yet" either
    assert "15. jan. 2026" not in ET.tostring(self_referred, encoding="unicode")


def test_it_leaves_the_marker_out_when_the_tools_came_before_the_months_shown():
    with translation.override("da"):
        series = charts.arena_months(
            ROWS[:3], introduced={"Trigeparken": dt.date(2024, 5, 2)}, self_label="Selv"
        )
        (panel,) = [_parse(svg) for svg in charts.monthly_panels(series)]
    assert _all(panel, "line", "introduced") == []
    assert "2. maj 2024" in "".join(_all(panel, "text", "legend")[0].itertext())


def test_it_writes_the_months_in_the_pages_language():
    danish = _panels("da")[0]
    titles = [b.find(SVG + "title").text for b in _all(danish, "rect", "bar")]
    assert titles[-1].startswith("marts 2026: 8")
    assert titles[0].startswith("november 2025: 2")
    axis = [t.text for t in _all(danish, "text", "month")]
    assert axis[:3] == ["nov.", "dec.", "jan."]
    assert [t.text for t in _all(danish, "text", "year")] == ["2025", "2026"]
    assert "november 2025" in danish.find(SVG + "desc").text
    assert "marts 2026" in danish.find(SVG + "desc").text
    english = _panels("en")[0]
    titles = [b.find(SVG + "title").text for b in _all(english, "rect", "bar")]
    assert titles[-1] == "March 2026: 8 referrals"
    assert [t.text for t in _all(english, "text", "month")][:3] == ["nov", "dec", "jan"]


def test_it_thins_the_month_labels_when_the_months_are_many():
    rows = [FunnelRow("A", f"{2023 + m // 12}-{m % 12 + 1:02d}", referred=1) for m in range(36)]
    with translation.override("da"):
        (panel,) = [_parse(s) for s in charts.monthly_panels(charts.arena_months(
            rows, introduced={}, self_label="Selv"))]  # fmt: skip
    assert len(_all(panel, "rect", "bar")) == 36
    labels = _all(panel, "text", "month")
    xs = [float(t.get("x")) for t in labels]
    assert 6 <= len(labels) < 36 and min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 30


def _axis_x(root: ET.Element):
    """The position of a value on the chart's log axis, from its tick labels alone."""
    ticks = sorted(
        (float(t.get("data-value")), float(t.get("x"))) for t in _all(root, "text", "tick")
    )

    def x(value: float) -> float:
        for (v1, x1), (v2, x2) in zip(ticks, ticks[1:], strict=False):
            if v1 <= value <= v2:
                return x1 + (math.log(value) - math.log(v1)) / math.log(v2 / v1) * (x2 - x1)
        raise AssertionError(f"{value} is off the axis {ticks}")

    return x, ticks


def _ratio_rows() -> list[BeforeAfter]:
    day = dt.date(2026, 1, 1)
    return [
        BeforeAfter("Trigeparken", day, 180, 12, 30, R_RATIO),
        BeforeAfter("Rygestop & <Job>", day, 180, 0, 5, Estimate(math.inf, 0.9163559, math.inf, 5)),
        BeforeAfter("Tom", day, 180, 0, 0, Estimate(None, None, None, 0)),
    ]


def test_it_puts_the_whiskers_at_the_intervals_limits_on_the_log_axis():
    with translation.override("da"):
        root = _parse(charts.rate_ratio_svg(_ratio_rows()))
    x, ticks = _axis_x(root)
    assert [v for v, _ in ticks] == [0.5, 1, 2, 5, 10]
    assert [t.text for t in _all(root, "text", "tick")] == ["0,5", "1", "2", "5", "10"]
    first = _all(root, "g", "interval")[0]
    low, high = _all(first, "line", "whisker")
    assert (low.get("data-end"), high.get("data-end")) == ("low", "high")
    assert float(low.get("x1")) == pytest.approx(x(1.242963), abs=0.15)
    assert float(high.get("x1")) == pytest.approx(x(5.361668), abs=0.15)
    assert float(low.get("x1")) == float(low.get("x2"))  # a vertical cap
    (point,) = _all(first, "circle", "estimate")
    assert float(point.get("cx")) == pytest.approx(x(2.5), abs=0.15)
    no_change = _all(root, "line", "no-change")  # the line at 1: through each interval, and
    assert len(no_change) == 3  # down to the axis (never through the labels)
    assert [float(line.get("x1")) for line in no_change] == pytest.approx([x(1)] * 3, abs=0.15)

    numbers = [t.text for t in _all(root, "text", "numbers")]
    assert numbers[0].startswith("2,50 (1,24–5,36)")


def test_it_ends_an_interval_that_goes_on_to_infinity_in_an_arrow():
    with translation.override("da"):
        root = _parse(charts.rate_ratio_svg(_ratio_rows()))
    x, ticks = _axis_x(root)
    unbounded = _all(root, "g", "interval")[1]
    assert unbounded.get("data-arena") == "Rygestop & <Job>"  # escaped, and read back whole
    (low,) = _all(unbounded, "line", "whisker")
    assert float(low.get("x1")) == pytest.approx(x(0.9163559), abs=0.15)
    (arrow,) = _all(unbounded, "polygon", "whisker-arrow")
    assert arrow.get("data-end") == "high"
    tip = max(float(p.split(",")[0]) for p in arrow.get("points").split())
    assert tip >= ticks[-1][1]  # at the axis' right end, pointing on
    assert _all(unbounded, "circle", "estimate") == []  # an infinite ratio has no point
    assert len(_all(root, "g", "interval")) == 2  # no referrals at all: no line, only its text
    assert "∞ (0,92–∞)" in [t.text for t in _all(root, "text", "numbers")][1]


def test_it_draws_the_median_days_to_first_visit_as_bars_to_scale():
    timings = [Timing("Trigeparken", 3, 12.5), Timing(SELF_REFERRAL, 2, 30.0),
               Timing("Uden besøg", 0, None), Timing("", 5, 20.0)]  # fmt: skip
    with translation.override("da"):
        root = _parse(charts.first_visit_svg(timings, self_label="Selv", all_label="Alle"))
    bars = _all(root, "rect", "bar")
    assert [b.get("data-value") for b in bars] == ["12.5", "30", "20"]  # no bar without visits
    ticks = {float(t.get("data-value")): float(t.get("x")) for t in _all(root, "text", "tick")}
    zero, ten = ticks[0], ticks[10]
    for bar, days in zip(bars, (12.5, 30, 20), strict=True):
        assert float(bar.get("x")) == pytest.approx(zero, abs=0.1)
        assert float(bar.get("width")) == pytest.approx((ten - zero) * days / 10, abs=0.2)
    assert bars[-1].get("fill") != bars[0].get("fill")  # all arenas together stand out
    texts = [t.text for t in _all(root, "text")]
    assert "Selv" in texts and "Alle" in texts and "Uden besøg" not in texts
    assert any(t.startswith("12,5 ") for t in texts if t)


def test_it_gives_every_chart_an_accessible_name_and_description_and_no_style():
    with translation.override("da"):
        svgs = [
            *charts.monthly_panels(
                charts.arena_months(ROWS, introduced=INTRODUCED, self_label="Selv")
            ),  # fmt: skip
            charts.first_visit_svg([Timing("", 1, 3.0)], self_label="Selv", all_label="Alle"),
            charts.rate_ratio_svg(_ratio_rows()),
        ]
    for svg in svgs:
        assert "style" not in svg and "<script" not in svg
        root = _parse(svg)
        assert root.get("role") == "img"
        assert re.fullmatch(r"0 0 360 \d+", root.get("viewBox"))
        assert root.get("width") is None  # scales with the page: the viewBox alone
        title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
        assert root.find(SVG + "title").get("id") == title_id and root.find(SVG + "title").text
        assert root.find(SVG + "desc").get("id") == desc_id and root.find(SVG + "desc").text
    assert len({_parse(s).get("id") for s in svgs}) == len(svgs)


def test_it_writes_an_infinite_ratio_as_infinity():
    with translation.override("da"):
        assert charts.interval_text(R_RATIO) == "2,50 (1,24–5,36)"
        assert charts.interval_text(Estimate(math.inf, 0.92, math.inf, 5)) == "∞ (0,92–∞)"
        assert charts.interval_text(Estimate(None, None, None, 0)) == "—"
    with translation.override("en"):
        assert charts.interval_text(R_RATIO) == "2.50 (1.24–5.36)"


def _referred(staff, arena, day: dt.date) -> None:
    services.referral_submit(
        user=staff, arena=arena, citizen_fields=citizen("X"), consent=services.ConsentGiven(),
        now=timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
    )  # fmt: skip


DANISH_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                 "september", "oktober", "november", "december")  # fmt: skip


def test_it_shows_the_figures_over_their_tables_with_months_in_danish(
    people, client, django_user_model
):
    introduced = timezone.localdate() - dt.timedelta(days=40)
    arena = Arena.objects.create(name="Trigeparken", tools_introduced_on=introduced)
    staff = django_user_model.objects.create_user(username="trige", password="pw-trige")
    ArenaMembership.objects.create(arena=arena, user=staff)
    days = [introduced + dt.timedelta(days=d) for d in (-20, 2, 10)]
    for day in days:
        _referred(staff, arena, day)
    client.force_login(people["analyst"])
    page = client.get("/evaluering/").content.decode()
    figures = re.findall(r'<figure class="evaluation-figure[^"]*" id="([a-z-]+)"', page)
    assert figures == ["monthly-figure", "rate-ratio-figure"]  # no first visit yet: no chart
    assert page.count('class="chart evaluation-chart monthly-chart"') == 1  # one arena
    table = page[page.index("<table><caption>") :].split("</table>")[0]
    for day in days:
        assert f"<td>{DANISH_MONTHS[day.month - 1]} {day.year}</td>" in table
        assert f"{day:%Y-%m}" not in table
    # each figure comes before the table with its numbers
    assert page.index('id="monthly-figure"') < page.index("<table><caption>")
    ratio_row = f"<td>Trigeparken</td><td>{introduced:%d.%m.%Y}</td>"
    assert page.index('id="rate-ratio-figure"') < page.index(ratio_row)
    assert "insights/insights.css" in page


def test_it_draws_no_figure_before_the_first_referral(people, client):
    client.force_login(people["analyst"])
    page = client.get("/evaluering/").content.decode()
    assert "<figure" not in page
    assert 'id="first-visit-table"' in page
