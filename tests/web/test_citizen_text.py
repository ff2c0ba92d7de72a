"""Citizen text: the home page and an empty search give the broker's phone and the contact form."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _talk_section(html: str) -> str:
    match = re.search(r'<section class="talk-to-someone".*?</section>', html, re.S)
    assert match, "no 'Would you rather talk to someone?' section"
    return match.group(0)


def test_it_gives_the_brokers_phone_and_the_contact_form_on_the_home_page(
    english, seeded, settings
):
    settings.BROKER_PHONE = "+45 87 13 00 00"
    settings.BROKER_NAME = "The community broker"
    section = _talk_section(english.get("/").content.decode())
    assert "Would you rather talk to someone?" in section
    assert 'href="tel:+4587130000"' in section and "+45 87 13 00 00" in section
    assert "The community broker" in section
    assert 'href="/faellesskab/kontakt/"' in section


def test_it_gives_only_the_link_when_there_is_no_phone(client, seeded, settings):
    settings.BROKER_PHONE = ""
    section = _talk_section(client.get("/").content.decode())
    assert "tel:" not in section and 'id="broker-phone"' not in section
    assert 'href="/faellesskab/kontakt/"' in section


def test_it_gives_the_same_help_when_a_search_finds_nothing(client, seeded, settings):
    settings.BROKER_PHONE = "87 13 00 00"
    html = client.get("/tilbud/", {"q": "zzzqqqxxx"}).content.decode()
    assert 'id="no-results"' in html
    section = _talk_section(html)
    assert 'href="tel:87130000"' in section and 'href="/faellesskab/kontakt/"' in section
    results = client.get("/tilbud/")
    assert results.status_code == 200
    html = results.content.decode()
    assert 'id="results-heading"' in html and 'id="no-results"' not in html
    assert "talk-to-someone" not in html  # results: no box


def test_it_folds_the_search_filters_and_counts_the_chosen_ones(english, seeded):
    html = english.get("/tilbud/").content.decode()
    folded = re.search(r'<details class="filters" id="search-filters"([^>]*)>', html)
    assert folded and "open" not in folded.group(1)
    assert "<summary>Filters</summary>" in html
    html = english.get("/tilbud/", {"age": "40", "type": "meeting_place"}).content.decode()
    assert "<summary>Filters (2 chosen)</summary>" in html
    assert re.search(r'name="age"[^>]*value="40"', html)  # the folded fields keep their values


def test_it_labels_no_person_on_the_public_pages(client, seeded):
    """The text speaks of community, never of "the lonely" (the search's choices of whom an
    initiative is especially for describe initiatives, not the reader, and are left out)."""
    for path, template in (
        ("/", "web/home.html"),
        ("/tilbud/", "directory/search.html"),
        ("/tilbud/?q=zzzqqqxxx", "directory/search.html"),
        ("/tilgaengelighed/", "web/accessibility.html"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path  # the page itself, not an error page
        assert template in [t.name for t in response.templates], path
        html = response.content.decode().lower()
        text = re.sub(r"<select.*?</select>", "", html, flags=re.S)
        for label in ("de ensomme", "ensomme borgere", "ensom person", "er ensom"):
            assert label not in text, (path, label)
