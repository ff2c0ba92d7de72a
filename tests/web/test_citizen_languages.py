"""Issue 20 (3): the citizen languages can be reached. A browser set to Arabic gets the pages a
citizen starts on in Arabic, right to left; staff pages stay Danish; the switcher's choice wins;
every citizen page offers all six languages in their own names; and what the sign-up sends (the
e-mail, the text message) is in the language the citizen signed up in."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from brobygger.activities.models import SignUp
from brobygger.core import sms
from brobygger.core.languages import browser_language, page_language, text_direction

pytestmark = pytest.mark.django_db
OWN_NAMES = ["Dansk", "English", "العربية", "Türkçe", "Soomaali", "Українська"]


def _html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html)[0]


def _switcher(html: str) -> str:
    return re.search(r'<form class="lang-switch".*?</form>', html, re.S)[0]


@pytest.mark.parametrize("path", ["/", "/tilbud/", "/aktiviteter/"])
def test_it_gives_an_arabic_browser_the_citizen_pages_in_arabic_right_to_left(client, seeded, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar,en;q=0.8")
    html = response.content.decode()
    assert response["Content-Language"] == "ar"
    assert _html_tag(html) == '<html lang="ar" dir="rtl">'
    assert "الأنشطة" in html  # "Activities" in the menu
    assert "ترجمة أولية" in html  # the draft notice: Arabic is a draft
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary


def test_it_gives_the_home_page_its_arabic_heading(client, seeded):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "ابحث عن مجتمع في آرهوس" in html


def test_it_honours_the_other_citizen_languages_and_a_region(client, seeded):
    for header, code in [("uk-UA,uk;q=0.9", "uk"), ("tr-TR", "tr"), ("so", "so")]:
        response = client.get("/aktiviteter/", HTTP_ACCEPT_LANGUAGE=header)
        assert response["Content-Language"] == code, header
        assert _html_tag(response.content.decode()) == f'<html lang="{code}" dir="ltr">'


def test_it_keeps_staff_pages_danish_for_an_arabic_browser(client, people):
    client.force_login(people["staff"])
    response = client.get("/henvis/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert response["Content-Language"] == "da"
    assert _html_tag(response.content.decode()) == '<html lang="da" dir="ltr">'


def test_it_keeps_a_staff_page_under_a_citizen_prefix_danish(client, people):
    client.force_login(people["editor"])
    response = client.get("/aktiviteter/ny/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert response["Content-Language"] == "da"


def test_the_switchers_choice_wins_over_the_browser(client, seeded):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = client.get("/aktiviteter/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Content-Language"] == "da"
    client.post("/i18n/setlang/", {"language": "uk", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Content-Language"] == "uk"


def test_an_english_or_danish_browser_still_gets_danish(client, seeded):
    for header in ("en-US,en;q=0.9", "da,en;q=0.8,ar;q=0.5", ""):
        response = client.get("/tilbud/", HTTP_ACCEPT_LANGUAGE=header)
        assert response["Content-Language"] == "da", header


def test_it_picks_the_first_citizen_language_the_browser_prefers():
    assert browser_language("en-GB,en;q=0.9,ar;q=0.8") == "ar"
    assert browser_language("uk;q=0.5,tr;q=0.9") == "tr"
    assert browser_language("da-DK,ar;q=0.9") == "da"
    assert browser_language("fr,de") is None
    assert page_language(cookie="", accept_language="ar", citizen_page=False) == "da"
    assert page_language(cookie="xx", accept_language="ar", citizen_page=True) == "ar"


@pytest.mark.parametrize(
    "path", ["/", "/tilbud/", "/aktiviteter/", "/faellesskab/kontakt/", "/faellesskab/tilbagekald/"]
)
def test_every_citizen_page_offers_six_languages_in_their_own_names(client, seeded, path):
    switcher = _switcher(client.get(path).content.decode())
    names = re.findall(r"<button[^>]*>([^<]+)</button>", switcher)
    assert names == OWN_NAMES
    assert 'lang="ar"' in switcher and 'value="uk"' in switcher


def test_a_citizen_activity_page_offers_six_languages(client, activity):  # noqa: F811
    switcher = _switcher(client.get(f"/aktiviteter/{activity.pk}/").content.decode())
    assert re.findall(r"<button[^>]*>([^<]+)</button>", switcher) == OWN_NAMES


def test_a_staff_page_offers_danish_and_english_outside_the_menu(client, people):
    client.force_login(people["staff"])
    html = client.get("/henvis/").content.decode()
    switcher = _switcher(html)
    assert re.findall(r"<button[^>]*>([^<]+)</button>", switcher) == ["Dansk", "English"]
    menu = re.search(r'<details class="site-menu">.*?</details>\s*</div>\s*</header>', html, re.S)
    assert "lang-switch" not in menu[0]


def test_it_sends_the_sign_up_e_mail_in_the_language_of_the_page(client, activity):  # noqa: F811
    response = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld/",
        {"name": "Amal", "email": "amal@example.org"},
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 201
    assert _html_tag(response.content.decode()) == '<html lang="ar" dir="rtl">'
    assert SignUp.objects.get(name="Amal").language == "ar"
    assert mail.outbox[-1].subject == f"تم تسجيلك: {activity.title}"
    assert "نتطلع لرؤيتك." in mail.outbox[-1].body


def test_it_sends_the_sign_up_text_message_in_the_language_of_the_page(
    client,
    activity,  # noqa: F811
):
    sms.outbox.clear()
    response = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld/",
        {"name": "Amal", "phone": "+4512345678"},
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 201
    assert "تم تسجيلك" in sms.outbox[-1].body


def test_it_computes_the_direction_dir_auto_would():
    assert text_direction("Kom kvart i fem.") == "ltr"
    assert text_direction("  123, مرحبا") == "rtl"
    assert text_direction("— 42 —") == "ltr"


def test_the_contact_form_offers_the_page_s_language_to_talk_in(client):
    page = client.get("/faellesskab/kontakt/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    select = page.split('name="language"', 1)[1].split("</select>", 1)[0]
    assert '<option value="ar" selected>' in select
    danish = client.get("/faellesskab/kontakt/").content.decode()
    assert '<option value="da" selected>' in danish.split('name="language"', 1)[1]
