"""The demo's trend across two synthetic waves on the insight page (issue 15): made by the
worker in demo mode only, labelled synthetic, saying the change is invented."""

from __future__ import annotations

import json

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from brobygger.insights import trend


@pytest.fixture
def shown(settings, trend_home, monkeypatch):
    settings.INSIGHTS_DIR = trend_home
    monkeypatch.setattr(trend, "demo_mode", lambda: True)
    return trend_home


def test_it_keeps_the_invented_change_of_the_2017_wave(trend_home):
    data = json.loads((trend_home / "demo" / "trend" / "trend.json").read_text())
    assert data["waves"] == ["2013", "2017"]
    later = {r["group"]: r for r in data["rows"] if r["wave"] == "2017"}
    # waves.py: 16-29 +2.5 points, 75+ -1.5 points; each group within 0.45 of its target
    assert 2.5 - 0.9 < later["16-29"]["diff_pp"] < 2.5 + 0.9
    assert -1.5 - 0.9 < later["75-"]["diff_pp"] < -1.5 + 0.9
    for group in ("30-44", "45-59", "60-74"):
        assert abs(later[group]["diff_pp"]) < 0.9
    assert (trend_home / "demo" / "trend" / "trend.csv").exists()


def test_it_shows_the_trend_only_in_demo_mode(settings, trend_home):
    settings.INSIGHTS_DIR = trend_home
    settings.DEBUG = False
    assert trend.demo_trend_view() is None


def test_it_shows_nothing_before_the_trend_is_made(settings, tmp_path, monkeypatch):
    settings.INSIGHTS_DIR = tmp_path
    monkeypatch.setattr(trend, "demo_mode", lambda: True)
    assert trend.demo_trend_view() is None


def test_it_renders_panels_tables_and_the_invented_change_note(shown):
    with translation.override("en"):
        view = trend.demo_trend_view()
        html = render_to_string("insights/_trend.html", {"trend": view})
    assert view["waves"] == ["2013", "2017"]
    assert len(view["panels"]) == 6  # the whole population and five age groups
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 6
    assert "invented" in view["note"] and "Synthetic" in html
    assert len(view["sentences"]) == 7  # per group, then the age-standardised one
    assert "16-29" in view["sentences"][1].split(":")[0]
    assert any(word in view["sentences"][1] for word in ("rose", "no clear change"))
    assert "style=" not in html and "<script" not in html  # the CSP allows neither
    assert html.count("<tr>") == 1 + 12 + 1 + 2  # header and group x wave rows, standardised


def test_it_writes_the_page_in_danish_from_the_survey_librarys_words(shown):
    with translation.override("da"):
        view = trend.demo_trend_view()
    assert view["summary_title"] == "Udvikling fra 2013 til 2017"
    assert view["table"].header[0] == "Gruppe"


def test_the_seed_asks_the_worker_only_when_the_trend_is_missing(
    settings, tmp_path, trend_home, monkeypatch
):
    queued = []

    class Worker:  # the task stands in for the queue: the seed must not make the trend itself
        @staticmethod
        def enqueue():
            queued.append(1)

    monkeypatch.setattr(trend, "prepare_trend", Worker)
    monkeypatch.setattr(trend, "demo_mode", lambda: True)
    settings.INSIGHTS_DIR = tmp_path
    assert "queued" in trend.demo_seed()
    assert queued == [1]
    settings.INSIGHTS_DIR = trend_home
    assert trend.demo_seed() is None
    assert queued == [1]
    monkeypatch.setattr(trend, "demo_mode", lambda: False)
    settings.INSIGHTS_DIR = tmp_path
    assert trend.demo_seed() is None and queued == [1]
