"""The menu: grouped by role, folded into one "Menu" on small screens without JavaScript,
the signed-in person's name shown, and the hooks other apps use (extra_head, language_choices)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import RequestContext, Template
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

WORK = {
    "/samtaleguide/",
    "/henvis/",
    "/henvisninger/",
    "/formidler/",
    "/formidler/i-dag/",
    "/tilbud/vejviser/",
    "/netvaerk/",
    "/mine-tilbud/",
    "/indsigt/analyser/",
    "/evaluering/",
    "/administration/",
    "/administration/forslag/",
    "/administration/til-gennemsyn/",
    "/administration/kladder/",
    "/konto/inviter/",
}
PUBLIC = {"/tilbud/", "/aktiviteter/", "/oversigt/", "/faellesskab/kontakt/", "/indsigt/"}

# What each role finds in its menu, of the pages above that are not for everyone.
EXPECTED = {
    "anonymous": set(),
    "citizen": set(),
    "staff": {"/samtaleguide/", "/henvis/", "/henvisninger/", "/tilbud/vejviser/", "/netvaerk/"},
    "broker": {
        "/samtaleguide/",
        "/formidler/",
        "/formidler/i-dag/",
        "/tilbud/vejviser/",
        "/netvaerk/",
        "/evaluering/",
    },
    "editor": {"/mine-tilbud/", "/netvaerk/"},
    "analyst": {"/indsigt/analyser/", "/evaluering/"},
    "administrator": {
        "/tilbud/vejviser/",
        "/evaluering/",
        "/administration/",
        "/administration/forslag/",
        "/administration/til-gennemsyn/",
        "/administration/kladder/",
        "/konto/inviter/",
    },
    "volunteer": {"/netvaerk/"},
}


def _menu(html: str) -> str:
    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert match, "no main menu on the page"
    return match.group(0)


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#?]+)', _menu(html)))


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_it_shows_each_role_the_pages_of_its_work_and_no_others(client, everyone, role):
    if everyone[role] is not None:
        client.force_login(everyone[role])
    links = _links(client.get("/").content.decode())
    assert links >= PUBLIC
    assert links & WORK == EXPECTED[role]


def test_it_folds_the_menu_into_one_closed_details_element(client, everyone):
    client.force_login(everyone["administrator"])
    html = client.get("/").content.decode()
    menu = re.search(r'<details class="site-menu"[^>]*>\s*<summary>', html)
    assert menu and " open" not in menu.group(0)  # closed until asked for, no script needed
    assert "<script" not in html and 'style="' not in html
    # the administrator's pages sit in groups that open one at a time
    groups = re.findall(r'<details name="site-nav"><summary>(.*?)</summary>', _menu(html), re.S)
    assert len(groups) >= 4


def test_it_names_the_groups_in_english_too(english, everyone):
    english.force_login(everyone["staff"])
    groups = re.findall(r"<summary>([^<]+)</summary>", english.get("/").content.decode())
    assert "My work" in groups and "Insight" in groups and "Menu" in groups


def test_it_shows_the_signed_in_persons_name_or_else_the_username(client, everyone):
    broker = everyone["broker"]
    client.force_login(broker)
    assert '<span class="user-name">broker</span>' in client.get("/").content.decode()
    broker.first_name, broker.last_name = "Bente", "Brobygger"
    broker.save()
    assert '<span class="user-name">Bente Brobygger</span>' in client.get("/").content.decode()


def test_it_offers_log_in_to_anonymous_visitors_and_no_name(client, seeded):
    html = client.get("/").content.decode()
    assert 'href="/konto/log-ind/"' in _menu(html)
    assert "user-name" not in html


def test_it_writes_right_to_left_for_a_bidi_language(client, seeded):
    assert 'dir="rtl"' not in client.get("/").content.decode()[:300]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/").content.decode()
    assert re.search(r'<html lang="ar" dir="rtl">', html)


def test_it_lets_a_page_add_a_stylesheet_and_more_languages(seeded):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    page = Template(
        '{% extends "web/base.html" %}'
        '{% block extra_head %}<link rel="stylesheet" href="/static/x.css" id="app-css">'
        "{% endblock %}"
        '{% block language_choices %}<p id="citizen-languages">ar tr</p>{% endblock %}'
    ).render(RequestContext(request))
    head = page.split("</head>", 1)[0]
    assert 'id="app-css"' in head
    assert 'id="citizen-languages"' in page
    assert 'name="language" value="en"' not in page  # the block replaced the da/en switch
