"""Issue 20 (5): the community broker's phone on the pages that tell citizens to call. With a
number, they show it; with none (allowed only with DEBUG on: ``brobygger.E003``), they say
nothing about calling: no "Ring" without a number, no heading that starts with "Eller"."""

from __future__ import annotations

import re
import uuid

import pytest
from django.template.loader import render_to_string
from django.utils.translation import override

from brobygger.directory.pdf import pocket_guide_html
from brobygger.directory.printing import GuideSelection
from brobygger.referrals.models import Case
from brobygger.referrals.receipt import receipt_context

PHONE = "87 13 00 00"
# the citizen calling: "Ring på …", "eller ring", "Call …", "or call" (not "we will call you")
CALL = re.compile(r"\bRing\b|\beller ring\b|\bCall\b|\bor call\b")


@pytest.fixture
def no_phone(settings):
    settings.BROKER_PHONE = ""
    return settings


@pytest.fixture
def phone(settings):
    settings.BROKER_PHONE = PHONE
    return settings


def _text(html: str) -> str:
    html = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _h2(html: str, after: str) -> str:
    return _text(re.search(rf"{after}.*?<h2[^>]*>(.*?)</h2>", html, re.S)[1])


# the contact page


@pytest.mark.django_db
def test_the_contact_page_says_nothing_about_calling_without_a_number(client, no_phone):
    html = client.get("/faellesskab/kontakt/").content.decode()
    heading = _h2(html, "<h1")
    assert not heading.startswith("Eller")
    assert not heading.startswith("Or")
    assert "Ring på" not in html
    english = client.get("/faellesskab/kontakt/", HTTP_COOKIE="django_language=en").content.decode()
    assert _h2(english, "<h1") == "Leave your details, and we will call you"
    assert "Call" not in _text(english.split("<main", 1)[1])


@pytest.mark.django_db
def test_the_contact_page_shows_the_number_and_then_the_other_way(client, phone):
    html = client.get("/faellesskab/kontakt/").content.decode()
    assert f"Ring på {PHONE}" in html
    assert _h2(html, "<h1").startswith("Eller")


# the receipt: the staff's page and the citizen's print


def _refer(client, people):
    arena = people["staff"].arena_memberships.get().arena
    client.force_login(people["staff"])
    body = {"client_reference": str(uuid.uuid4()), "name": "Ole", "phone": "12345678",
            "language": "da", "age_band": "45-59", "arena": arena.pk,
            "consent": "on", "consent_given_by": "citizen", "consent_method": "oral"}  # fmt: skip
    client.cookies["django_language"] = "en"
    page = client.post("/henvis/", body)
    assert page.status_code == 200
    return Case.objects.get(citizen__name="Ole"), page.content.decode()


def _print(case, language="da") -> str:
    with override(language):
        context = {**receipt_context(case, base_url="http://site.example"), "language": language}
        return _text(render_to_string("referrals/print/receipt.html", context))


@pytest.mark.django_db
def test_the_receipt_says_nothing_about_calling_without_a_number(client, people, no_phone):
    case, html = _refer(client, people)
    section = _text(re.search(r'<section class="receipt".*?</section>', html, re.S)[0])
    assert "phone" not in section
    assert 'id="broker-phone"' not in html
    assert not CALL.search(_print(case))
    assert not CALL.search(_print(case, "en"))


@pytest.mark.django_db
def test_the_receipt_shows_the_number(client, people, phone):
    case, html = _refer(client, people)
    assert re.search(rf'id="broker-phone">{PHONE}<', html)
    assert f"Ring på {PHONE}" in _print(case)
    assert "scan koden, eller ring" in _print(case)


# the følgeskab card: the pocket guide's last card, the broker's


def _broker_card(language="da") -> str:
    selection = GuideSelection(audience="adults", audience_label="Voksne", entries=[])
    html = pocket_guide_html(selection, base_url="http://site.example", language=language)
    return _text(re.findall(r'<section class="card">.*?</section>', html, re.S)[-1])


def test_the_folgeskab_card_says_nothing_about_calling_without_a_number(no_phone):
    card = _broker_card()
    assert not CALL.search(card)
    assert "Eller" not in card
    assert "Or leave" not in _broker_card("en")


def test_the_folgeskab_card_shows_the_number(phone):
    card = _broker_card()
    assert f"Ring på {PHONE}" in card
    assert "Eller skriv dit nummer" in card


# the directory's empty search, which points to the broker


@pytest.mark.django_db
def test_an_empty_search_does_not_say_call_without_a_number(client, seeded, no_phone):
    html = client.get("/tilbud/", {"q": "xyzzy-ingenting"}, HTTP_COOKIE="django_language=en")
    text = re.search(r'id="no-results">(.*?)</p>', html.content.decode(), re.S)[1]
    assert "call" not in text and "ask the community broker" in text


@pytest.mark.django_db
def test_an_empty_search_says_call_with_a_number(client, seeded, phone):
    html = client.get("/tilbud/", {"q": "xyzzy-ingenting"}).content.decode()
    assert "ring til" in re.search(r'id="no-results">(.*?)</p>', html, re.S)[1]


# the withdrawal page, when the code is unknown


@pytest.mark.django_db
def test_an_unknown_withdrawal_code_does_not_say_call_without_a_number(client, no_phone):
    page = client.post(
        "/faellesskab/tilbagekald/", {"code": "x" * 20}, HTTP_COOKIE="django_language=en"
    )
    assert page.status_code == 404
    alert = _text(re.search(r'role="alert">(.*?)</p>', page.content.decode(), re.S)[1])
    assert alert == "We found no consent with this code. It may already be withdrawn."


@pytest.mark.django_db
def test_an_unknown_withdrawal_code_says_call_with_a_number(client, phone):
    page = client.post("/faellesskab/tilbagekald/", {"code": "x" * 20})
    assert "ring til fællesskabsformidleren" in page.content.decode()
    assert PHONE in page.content.decode()
