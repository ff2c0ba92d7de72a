"""The courses page: a filter value that makes no sense (``format=nowhere``, a search too long or
with a control character) is left out and named; the other filters still apply, and the page's
calendar link carries only those, so it answers and holds the page's courses. A feed URL typed by
hand with such a value still answers 400 naming the field."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re

import pytest
from django.utils import timezone

from brobygger.network import services
from tests.calendar_feeds import feed_link, feed_titles

PAGE = "/netvaerk/kurser/"
FEED = "/netvaerk/kurser/kalender.ics"
ENGLISH = {"HTTP_COOKIE": "django_language=en"}


@pytest.fixture
def three(people):
    """Three approved courses that every filter below tells apart (so "all" is never right)."""

    def course(title, **extra):
        return services.course_submit(
            user=people["administrator"],
            title=title,
            organiser="Frivilligcenter Aarhus",
            starts_on=timezone.localdate() + dt.timedelta(days=10),
            **extra,
        )

    return {
        "online_free": course("Samtaler online", online=True, place="", price="Gratis"),
        "town_paid": course("Kursus i byen", place="Mejlgade 1", price="300 kr."),
        "town_free": course("Førstehjælp i byen", place="Mejlgade 1"),
    }


def _listed(html: str) -> set[str]:
    """The titles in the page's list of courses."""
    found = re.findall(r'<h2 class="network-item-title">(?:<a [^>]*>)?([^<]*)<', html)
    return {html_module.unescape(title) for title in found}


def _titles(three, *keys: str) -> set[str]:
    return {three[key].title for key in keys}


# (query, the field that makes no sense, its English label, what the valid filters leave)
CASES = [
    ({"format": "nowhere", "q": "byen"}, "format", "Where", ("town_paid", "town_free")),
    ({"format": "nowhere", "free": "on"}, "format", "Where", ("online_free", "town_free")),
    ({"q": "x" * 101, "format": "online"}, "q", "Search", ("online_free",)),
    ({"q": "byen\x07", "free": "on"}, "q", "Search", ("online_free", "town_free")),
]


@pytest.mark.parametrize("query, field, label, left", CASES)
def test_it_applies_the_valid_filters_and_names_the_one_it_did_not_understand(
    client, three, query, field, label, left
):
    response = client.get(PAGE, query, **ENGLISH)
    assert response.status_code == 200
    html = response.content.decode()
    assert _listed(html) == _titles(three, *left)
    notice = re.search(r'<p class="notice" id="filters-not-understood"[^>]*>(.*?)</p>', html, re.S)
    assert notice and f"We did not understand the filter {label}, so it is left out." in notice[1]
    # the field shows its error as Django forms do, tied to the field for screen readers
    field_tag = re.search(rf'<(?:input|select)[^>]*id="id_{field}"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in field_tag


def test_it_names_every_filter_it_did_not_understand(client, three):
    query = {"format": "nowhere", "q": "x" * 101, "free": "on"}
    html = client.get(PAGE, query, **ENGLISH).content.decode()
    assert _listed(html) == _titles(three, "online_free", "town_free")
    # named in the form's order
    assert "We did not understand the filters Search, Where, so they are left out." in html
    # with every value understood there is nothing to say, and the link carries every filter
    query = {"q": "byen", "format": "place", "free": "on"}
    html = client.get(PAGE, query, **ENGLISH).content.decode()
    assert _listed(html) == _titles(three, "town_free")
    assert 'id="filters-not-understood"' not in html and "aria-invalid" not in html
    link = feed_link(html, FEED)
    assert set(link.partition("?")[2].split("&")) == {"q=byen", "format=place", "free=on"}
    assert feed_titles(client.get(link).content) == _titles(three, "town_free")


@pytest.mark.parametrize("query, field, label, left", CASES)
def test_the_pages_calendar_link_answers_with_the_pages_courses(
    client, three, query, field, label, left
):
    html = client.get(PAGE, query, **ENGLISH).content.decode()
    link = feed_link(html, FEED)
    assert f"{field}=" not in link  # the value the feed would refuse is not carried on
    response = client.get(link)
    assert response.status_code == 200
    assert feed_titles(response.content) == _listed(html) == _titles(three, *left)
    # the page's own query, typed into the feed by hand, still answers 400 naming the field
    typed = client.get(FEED, query, **ENGLISH)
    assert typed.status_code == 400
    assert typed.content.decode().startswith(f"{field}: ")
