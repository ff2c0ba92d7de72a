"""The demo banner: on every page in demo mode (DEBUG on and SQLite), nowhere else."""

from __future__ import annotations

import pytest

from brobygger.core.demo import demo_mode

pytestmark = pytest.mark.django_db

PAGES = ["/", "/tilbud/", "/tilgaengelighed/", "/konto/log-ind/", "/oversigt/"]


def test_it_shows_no_banner_outside_demo_mode(client, seeded):
    assert not demo_mode()
    for path in PAGES:
        assert 'id="demo-banner"' not in client.get(path).content.decode(), path


def test_it_shows_the_banner_on_every_page_in_demo_mode(client, seeded, settings):
    settings.DEBUG = True
    if not demo_mode():
        pytest.skip("demo mode is SQLite only (this run is on PostgreSQL)")
    for path in PAGES:
        html = client.get(path).content.decode()
        assert 'id="demo-banner"' in html, path
        banner = html.split('id="demo-banner"', 1)[1].split("</p>", 1)[0]
        assert 'href="/konto/log-ind/#demo-logins"' in banner


@pytest.mark.postgres
def test_it_keeps_the_banner_off_on_postgresql_even_with_debug(client, seeded, settings):
    settings.DEBUG = True
    assert 'id="demo-banner"' not in client.get("/").content.decode()
