"""The demo's two-wave trend (issue 15) on the insight page at 390 px: its section, six panels,
the synthetic note with its flag, the tables in scrolling boxes, and nothing wider than the phone.

A screenshot of the section is kept in TREND_SHOTS (default /tmp/trend-shots) for looking at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("TREND_SHOTS", "/tmp/trend-shots"))

pytestmark = [
    pytest.mark.demo_mode,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="demo mode (and so the demo trend) exists only on the embedded SQLite default",
    ),
]


def test_the_demo_trend_fits_a_phone(chromium, live_server, settings, trend_home):
    settings.INSIGHTS_DIR, settings.DEBUG = trend_home, True  # demo mode
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="da-DK")
    page = context.new_page()
    page.goto("/indsigt/")
    section = page.locator("#trend > section.trend")
    expect(section).to_have_count(1)
    expect(page.locator("nav.toc a[href='#trend']")).to_have_count(1)
    expect(section.locator("svg.trend-panel")).to_have_count(6)
    expect(page.locator("#synthetic-notice")).to_have_count(1)
    expect(section.locator(".trend-note .example-flag")).to_be_visible()
    tables = section.locator("table")
    expect(tables).to_have_count(2)
    expect(section.locator(".scroll-x > table")).to_have_count(2)
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in section.locator("svg.trend-panel, .scroll-x, .trend-note").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    ):
        assert box <= width + 1, f"a part of the trend reaches {box:.0f} px of {width}"
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SHOTS / "trend-390.png"))
    page.screenshot(path=str(SHOTS / "insight-390.png"), full_page=True)
    context.close()
