"""A filter value that makes no sense (``postcode=80x0``, an unknown kind) is left out and named;
the other filters still apply, and the page's calendar link carries only those, so it answers
and holds the page's activities. A feed URL typed by hand with such a value still answers 400."""

from __future__ import annotations

import html as html_module
import re
from decimal import Decimal

import pytest

from tests.calendar_feeds import feed_link, feed_titles

INDEX = "/aktiviteter/"
CALENDAR = "/aktiviteter/kalender/"
FEED = "/aktiviteter/kalender.ics"
ENGLISH = {"HTTP_COOKIE": "django_language=en"}


@pytest.fixture
def two(make_activity):
    """Two activities that every filter below tells apart (so "everything" is never right)."""
    danish = make_activity(title="Kortspil i Mejlgade", postcode="8000", price_dkk=Decimal(40))
    arabic = make_activity(title="Sangaften i Gellerup", postcode="8220", languages=["ar", "da"])
    return {"danish": danish, "arabic": arabic}


def _listed(html: str) -> set[str]:
    """The titles in the page's list of activities."""
    found = re.findall(r'<h3><a href="/aktiviteter/[^"]+/">([^<]*)</a></h3>', html)
    return {html_module.unescape(title) for title in found}


# (query, the field that makes no sense, its English label, what the valid filter leaves)
CASES = [
    ({"postcode": "80x0", "language": "ar"}, "postcode", "Postcode", "arabic"),
    ({"type": "no-such-kind", "postcode": "8000"}, "type", "Kind", "danish"),
    ({"target_group": "nobody", "free": "on"}, "target_group", "For", "arabic"),
    ({"age": "abc", "postcode": "8220"}, "age", "Age", "arabic"),
    ({"when": "someday", "language": "ar"}, "when", "When", "arabic"),
]


@pytest.mark.parametrize("query, field, label, left", CASES)
def test_it_applies_the_valid_filters_and_names_the_one_it_did_not_understand(
    client, two, query, field, label, left
):
    response = client.get(INDEX, query, **ENGLISH)
    assert response.status_code == 200
    html = response.content.decode()
    assert _listed(html) == {two[left].title}
    notice = re.search(r'<p class="notice" id="filters-not-understood"[^>]*>(.*?)</p>', html, re.S)
    assert notice and f"We did not understand the filter {label}," in notice[1]
    # the field shows its error as Django forms do, tied to the field for screen readers
    field_tag = re.search(rf'<(?:input|select)[^>]*id="id_{field}"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in field_tag
    assert f'aria-describedby="id_{field}_error"' in field_tag
    assert f'<ul class="errorlist" id="id_{field}_error">' in html


def test_it_names_every_filter_it_did_not_understand(client, two):
    query = {"postcode": "80x0", "age": "old", "language": "ar"}
    html = client.get(INDEX, query, **ENGLISH).content.decode()
    assert _listed(html) == {two["arabic"].title}
    # named in the form's order
    assert "We did not understand the filters Age, Postcode, so they are left out." in html
    # with every value understood there is nothing to say
    html = client.get(INDEX, {"postcode": "8000"}, **ENGLISH).content.decode()
    assert _listed(html) == {two["danish"].title}
    assert 'id="filters-not-understood"' not in html and "aria-invalid" not in html


@pytest.mark.parametrize("query, field, label, left", CASES)
def test_the_pages_calendar_link_answers_with_the_pages_activities(
    client, two, query, field, label, left
):
    html = client.get(INDEX, query, **ENGLISH).content.decode()
    link = feed_link(html, FEED)
    assert f"{field}=" not in link  # the value the feed would refuse is not carried on
    response = client.get(link)
    assert response.status_code == 200
    assert feed_titles(response.content) == _listed(html) == {two[left].title}
    # the page's own query, typed into the feed by hand, still answers 400 naming the field
    typed = client.get(FEED, query, **ENGLISH)
    assert typed.status_code == 400
    assert typed.content.decode().startswith(f"{field}: ")


def test_the_htmx_part_names_the_filter_and_links_a_working_feed(client, two):
    html = client.get(
        INDEX, {"postcode": "80x0", "language": "ar"}, HTTP_HX_REQUEST="true", **ENGLISH
    ).content.decode()
    assert 'id="filters-not-understood"' in html and "Postcode" in html
    response = client.get(feed_link(html, FEED))
    assert response.status_code == 200
    assert feed_titles(response.content) == {two["arabic"].title}


@pytest.mark.parametrize("view", ["week", "month"])
def test_the_calendar_page_keeps_the_valid_filters_too(client, two, view):
    day = two["danish"].starts_at.date().isoformat()
    query = {"view": view, "start": day, "postcode": "8000", "type": "no-such-kind"}
    response = client.get(CALENDAR, query, **ENGLISH)
    assert response.status_code == 200
    html = response.content.decode()
    assert two["danish"].title in html and two["arabic"].title not in html
    assert "We did not understand the filter Kind," in html
    feed = client.get(feed_link(html, FEED))
    assert feed.status_code == 200
    assert feed_titles(feed.content) == {two["danish"].title}
