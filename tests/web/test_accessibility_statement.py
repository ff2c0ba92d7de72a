"""The accessibility statement has what the Danish web accessibility act asks for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_names_the_site_status_issues_method_contact_date_and_complaints(english, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tilgaengelighed@aarhus.dk"
    settings.SITE_URL = "https://brobygger.example.dk"
    html = english.get("/tilgaengelighed/").content.decode()
    assert "https://brobygger.example.dk/" in html  # which site: SITE_URL, not the Host
    assert 'id="compliance"' in html and "partially compliant" in html
    assert 'id="known-issues"' in html
    assert "axe-core" in html and "390 pixels" in html  # how it was assessed
    assert 'href="mailto:tilgaengelighed@aarhus.dk"' in html
    assert 'id="complaints-link" href="https://was.digst.dk/"' in html
    assert "Prepared Nov. 26, 2026. Last reviewed Nov. 26, 2026." in html


def test_it_falls_back_to_the_sites_sender_address_for_contact(client, settings):
    settings.DEFAULT_FROM_EMAIL = "brobygger@aarhus.dk"
    if hasattr(settings, "ACCESSIBILITY_CONTACT_EMAIL"):
        del settings.ACCESSIBILITY_CONTACT_EMAIL
    html = client.get("/tilgaengelighed/").content.decode()
    assert 'href="mailto:brobygger@aarhus.dk"' in html


def test_it_takes_a_later_review_date_from_the_settings(english, settings):
    settings.ACCESSIBILITY_STATEMENT_UPDATED = "2027-03-01"
    html = english.get("/tilgaengelighed/").content.decode()
    assert "Last reviewed March 1, 2027." in html
