"""Issue 20 (4): language names are Danish on Danish pages: "engelsk" among "dansk, arabisk …"
in the filters, and "arabisk", not "Arabic", on staff pages. The language switcher keeps
"English" (a language's own name), so the name in a list has a msgid of its own (context
"language name")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation

from brobygger.directory import display
from brobygger.directory.forms import LANGUAGE_CHOICES
from brobygger.referrals import services
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db


def _option(html: str, field: str, value: str) -> str:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={field}>"
    found = re.search(rf'<option value="{value}"[^>]*>([^<]*)</option>', select[1])
    assert found, f"no option {value}"
    return found[1].strip()


@pytest.mark.parametrize("path", ["/aktiviteter/", "/tilbud/"])
def test_it_names_english_in_danish_in_the_language_filter(client, seeded, path):
    html = client.get(path).content.decode()
    assert _option(html, "language", "en") == "Engelsk"
    assert _option(html, "language", "ar") == "Arabisk"


@pytest.mark.parametrize("path", ["/aktiviteter/", "/tilbud/"])
def test_it_names_english_in_english_on_english_pages(client, seeded, path):
    html = client.get(path, HTTP_COOKIE="django_language=en").content.decode()
    assert _option(html, "language", "en") == "English"


def test_it_keeps_english_in_its_own_name_in_the_language_switcher(client, seeded):
    html = client.get("/").content.decode()
    switcher = re.search(r'<form class="lang-switch".*?</form>', html, re.S)[0]
    assert "English" in switcher


def test_every_name_the_forms_offer_is_danish_on_a_danish_page():
    with translation.override("da"):
        names = {code: str(name) for code, name in LANGUAGE_CHOICES}
    with translation.override("en"):
        english = {code: str(name) for code, name in LANGUAGE_CHOICES}
    assert names["en"] == "Engelsk"
    # every language but the ones spelt alike in both (Somali, Urdu) has a Danish name
    assert {c for c in names if names[c] == english[c]} <= {"so", "ur"}


@pytest.mark.parametrize(("language", "name"), [("ar", "arabisk"), ("en", "engelsk")])
def test_the_broker_s_case_page_names_the_language_in_danish(client, people, language, name):
    arena = people["staff"].arena_memberships.get().arena
    case, _ = services.referral_submit(
        user=people["staff"],
        arena=arena,
        citizen_fields=citizen("Anna Andersen", language=language),
        consent=services.ConsentGiven(),
    )
    mail.outbox.clear()
    client.force_login(people["broker"])
    html = client.get(f"/formidler/sag/{case.pk}/").content.decode()
    assert f"<dd>{name}</dd>" in html
    with translation.override("en"):  # "Arabic", "English" (the switcher's own "English" aside)
        assert f"<dd>{display.language_name(language)}</dd>" not in html


TEMPLATES = Path(__file__).resolve().parents[2] / "brobygger"
OURS = {"directory_format", "danish"}  # the libraries whose language_name gives "arabisk"


@pytest.mark.parametrize(
    "template",
    sorted(p for p in TEMPLATES.rglob("*.html") if "|language_name" in p.read_text("utf-8")),
    ids=lambda p: p.name,
)
def test_no_template_lets_django_s_i18n_shadow_our_language_name(template):
    """Django's ``i18n`` library has a ``language_name`` filter too ("Arabic", in English on
    every page): loaded after ours, it wins."""
    loaded = [
        name
        for tag in re.findall(r"{%\s*load\s+([^%]*?)\s*%}", template.read_text("utf-8"))
        for name in tag.split()
    ]
    last = [name for name in loaded if name in OURS | {"i18n"}][-1]
    assert last in OURS, f"{template}: load {' '.join(loaded)}"
