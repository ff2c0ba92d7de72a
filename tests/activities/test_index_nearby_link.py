"""Issue 20 (6): "Det sker nær dig" is linked from the activity list, with the list's filters."""

from __future__ import annotations

import html as html_module
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

INDEX = "/aktiviteter/"


class Link:
    def __init__(self, href: str, text: str):
        self.href, self.text = html_module.unescape(href), text


def _pdf_link(html: str) -> Link | None:
    found = re.search(r'<a id="nearby-pdf" href="([^"]*)">(.*?)</a>', html, re.S)
    return Link(found[1], found[2]) if found else None


@pytest.mark.django_db
def test_it_links_the_nearby_pdf_with_the_current_filters(client):
    response = client.get(INDEX, {"postcode": "8000", "free": "on", "language": "ar"})
    link = _pdf_link(response.content.decode())
    assert link is not None
    url = urlsplit(link.href)
    assert url.path == reverse("activities:nearby_pdf")
    assert parse_qs(url.query) == {"postcode": ["8000"], "free": ["on"], "language": ["ar"]}


@pytest.mark.django_db
def test_the_link_leads_to_the_pdf(client, make_activity):
    make_activity(title="Kaffe i Mejlgade")
    html = client.get(INDEX, {"postcode": "8000"}).content.decode()
    response = client.get(_pdf_link(html).href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_it_is_in_the_part_htmx_swaps_when_filters_change(client):
    html = client.get(INDEX, {"postcode": "8200"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="activity-results"' in html
    assert _pdf_link(html).href.endswith("?postcode=8200")


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"postcode": "80"}, {"free": "on"}])
def test_it_asks_for_a_postcode_rather_than_link_a_pdf_that_cannot_be_made(client, query):
    html = client.get(INDEX, query, HTTP_COOKIE="django_language=en").content.decode()
    assert _pdf_link(html) is None
    assert "Choose a postcode to print" in html


@pytest.mark.django_db
def test_the_link_names_the_postcode(client):
    html = client.get(
        INDEX, {"postcode": "8000"}, HTTP_COOKIE="django_language=en"
    ).content.decode()
    assert "8000" in _pdf_link(html).text
    assert "(PDF)" in _pdf_link(html).text
