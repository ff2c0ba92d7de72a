"""The insight page shows the demo's two-wave trend (issue 15) in its own section with a contents
entry, only in demo mode (DEBUG on and SQLite) and only once the worker has made the trend."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="demo mode (and so the demo trend) exists only on the embedded SQLite default",
    ),
]


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_it_includes_the_trend_with_a_contents_entry_in_demo_mode(client, settings, trend_home):
    settings.INSIGHTS_DIR, settings.DEBUG = trend_home, True
    main = _main(client.get("/indsigt/").content.decode())
    assert main.count('<div id="trend">') == 1
    assert main.count('<section class="trend"') == 1
    assert main.count('href="#trend"') == 1
    assert main.index('id="toc-heading"') < main.index('href="#trend"')
    assert main.index('id="risk-groups"') < main.index('<div id="trend">')  # after the summary
    trend = main[main.index('<div id="trend">') :]
    assert trend.count('class="trend-panel"') == 6  # the whole population and five age groups
    assert trend.count('class="example-flag"') == 1
    assert trend.count('<table class="trend-table">') == 2
    assert trend.count('<div class="scroll-x"') == 2
    assert main.count('id="synthetic-notice"') == 1  # the trend adds its own note, not a notice


def test_it_reads_the_trend_in_the_readers_language(english, settings, trend_home):
    settings.INSIGHTS_DIR, settings.DEBUG = trend_home, True
    main = _main(english.get("/indsigt/").content.decode())
    trend = main[main.index('<div id="trend">') :]
    assert "invented" in trend and "2013" in trend and "2017" in trend
    assert "Gruppe" not in trend


def test_it_leaves_the_trend_out_when_debug_is_off(client, settings, trend_home):
    settings.INSIGHTS_DIR, settings.DEBUG = trend_home, False
    main = _main(client.get("/indsigt/").content.decode())
    assert 'id="trend"' not in main and 'href="#trend"' not in main
    assert 'class="trend-panel"' not in main
    assert 'id="summary"' in main  # the rest of the page is still there


def test_it_leaves_the_trend_out_until_the_worker_has_made_it(
    client, settings, tmp_path, demo_home
):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "da").symlink_to(demo_home / "demo" / "da", target_is_directory=True)
    settings.INSIGHTS_DIR, settings.DEBUG = tmp_path, True
    main = _main(client.get("/indsigt/").content.decode())
    assert 'id="trend"' not in main and 'href="#trend"' not in main
    assert 'id="summary"' in main
