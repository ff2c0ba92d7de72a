"""The directory in a real browser: a citizen searching, an editor editing, and axe-core."""

import re

import pytest
from playwright.sync_api import expect

from brobygger.directory.models import Initiative
from tests.browser.conftest import axe_violations, log_in


def test_a_citizen_finds_initiatives_by_age_and_type_and_opens_one(page, seeded):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")  # Danish for an English browser
    page.get_by_role("link", name="Find et fællesskab").first.click()
    page.wait_for_url("**/tilbud/")  # the home page has an age field of its own
    page.get_by_label("Alder").fill("45")
    page.get_by_label("Slags tilbud").select_option("meeting_place")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url(lambda url: "age=45" in url and "type=meeting_place" in url)
    results = page.locator(".results h3")
    names = results.all_inner_texts()
    assert "Mænds Mødesteder" in names and "Kvindehuset i Aarhus" in names
    assert "Ventilen" not in names  # 16-29
    page.get_by_role("link", name="Mænds Mødesteder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mænds Mødesteder")
    expect(page.get_by_text("Endnu ikke beskrevet af organisationen.").first).to_be_visible()


def test_the_search_works_without_javascript(chromium, live_server, seeded):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/tilbud/")
    page.get_by_label("Hvad leder du efter?").fill("besøgstjenester")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url(re.compile(r"[?&]q=bes"))
    names = page.locator(".results h3").all_inner_texts()
    assert "Ældre Sagens Besøgstjeneste" in names
    context.close()


def test_an_editor_updates_their_own_initiative_and_is_refused_another(page, people):
    ventilen = Initiative.objects.get(name="Ventilen")
    other = Initiative.objects.get(name="Ældre Sagens Besøgstjeneste")
    log_in(page, "editor")
    page.goto(f"/tilbud/{ventilen.pk}/")
    page.get_by_role("link", name="Rediger").click()
    page.get_by_label("Det foregår der").fill("Vi spiser aftensmad sammen hver tirsdag.")
    page.get_by_label("Telefon").fill("70 21 00 00")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Tilbuddet er opdateret")
    expect(page.get_by_text("Vi spiser aftensmad sammen hver tirsdag.")).to_be_visible()
    ventilen.refresh_from_db()
    assert ventilen.description == "Vi spiser aftensmad sammen hver tirsdag."

    response = page.goto(f"/tilbud/{other.pk}/rediger/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Ikke tilgængelig for dig")
    page.goto(f"/tilbud/{other.pk}/")
    expect(page.get_by_role("link", name="Rediger")).to_have_count(0)


def test_the_language_switcher_changes_to_english_and_back(page, seeded):
    page.goto("/tilbud/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a community")
    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find et fællesskab")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tilbud/",
        "/tilbud/?age=40&type=meeting_place",
        "/oversigt/",
        "/foreslaa/",
        "/tilgaengelighed/",
        "/konto/log-ind/",
        "DETAIL",
    ],
)
def test_axe_finds_no_serious_violation_on_the_public_pages(page, seeded, path):
    if path == "DETAIL":
        path = f"/tilbud/{Initiative.objects.get(name='Ventilen').pk}/"
    page.goto(path)
    assert axe_violations(page) == []


def test_axe_finds_no_serious_violation_on_the_editing_pages(page, people):
    ventilen = Initiative.objects.get(name="Ventilen")
    log_in(page, "editor")
    for path in (
        f"/tilbud/{ventilen.pk}/rediger/",
        f"/tilbud/{ventilen.pk}/historik/",
        "/mine-tilbud/",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
    log_in(page, "administrator")
    for path in ("/administration/forslag/", "/administration/til-gennemsyn/"):
        page.goto(path)
        assert re.search(r"/administration/", page.url)
        assert axe_violations(page) == [], path
