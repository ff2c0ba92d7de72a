"""The evaluation dashboard's charts in Chromium, on a phone (390 px) and a desktop (1280 px):
the demo view (``/evaluering/?demo=1``, demo mode only) of a fresh demo system, signed in as the
demo analyst. The three figures show, the page does not scroll sideways, the tables stay under
the figures, and axe-core passes. Screenshots go to /tmp/eval_390.png and /tmp/eval_1280.png."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from brobygger.accounts.demo import DEMO_PASSWORD, DEMO_USERNAMES
from brobygger.referrals.demo import PILOT_ARENAS
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.demo_mode  # CI runs it on its SQLite pass

DANISH_MONTH = re.compile(
    r"^(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
    r" \d{4}$"
)
FIGURES = ("#monthly-figure", "#first-visit-figure", "#rate-ratio-figure")
# How far the page reaches past the window, and the first elements that stick out.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide};
}"""


@pytest.fixture
def demo_system(settings):
    """What ``brobygger setup`` leaves on the embedded default with DEBUG on: the demo users and
    a year of demo referrals in the four pilot arenas."""
    if connection.vendor != "sqlite":
        pytest.skip("demo mode exists on the embedded default (SQLite) only")
    settings.DEBUG = True  # pytest-django turns it off; demo mode is DEBUG on and SQLite
    from brobygger.directory.services import seed_load
    from brobygger.web.demo_seed import seed_demo_content

    seed_load()
    list(seed_demo_content())


@pytest.mark.parametrize("width", [390, 1280])
def test_it_shows_the_three_charts_over_their_tables_at_phone_and_desktop_width(
    chromium, live_server, demo_system, width
):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="da-DK"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/konto/log-ind/")
    page.locator("input[name=username]").fill(DEMO_USERNAMES["analyst"])
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto("/evaluering/?demo=1")
    expect(page.locator("#demo-label")).to_be_visible()

    for selector in FIGURES:
        figure = page.locator(selector)
        expect(figure).to_be_visible()
        expect(figure.locator("figcaption")).to_be_visible()
        chart = figure.locator("svg[role=img]")
        expect(chart.first).to_be_visible()
        box = chart.first.bounding_box()
        assert box and box["width"] > 300 and box["x"] + box["width"] <= width, (selector, box)
    # a panel per arena (the pilot arenas and any other with demo cases), each with a bar for
    # every month of the demo year, and the day each pilot arena got the tools marked
    panels = page.locator("#monthly-figure svg.monthly-chart")
    bars = [panels.nth(i).locator("rect.bar").count() for i in range(panels.count())]
    assert len(bars) >= len(PILOT_ARENAS) and len(set(bars)) == 1 and bars[0] >= 12, bars
    for arena in PILOT_ARENAS:
        panel = page.locator("#monthly-figure").get_by_role("img", name=arena)
        expect(panel).to_be_visible()
        expect(panel.locator("line.introduced")).to_have_count(1)
    expect(page.locator("#rate-ratio-figure g.interval")).to_have_count(len(PILOT_ARENAS))
    # the months read in Danish in the table under the chart, never "2026-06"
    months = page.locator("main table").first.locator("tbody tr td:nth-child(2)")
    expect(months.first).to_have_text(DANISH_MONTH)

    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["inner"], fit
    violations = axe_violations(page)
    assert violations == [], violations
    page.screenshot(path=f"/tmp/eval_{width}.png", full_page=True)
    context.close()
