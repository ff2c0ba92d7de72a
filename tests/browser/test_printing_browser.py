"""Staff in a real browser: search, put three initiatives on the list, add a note and get a
printable list; the pocket-guide page and the coverage page pass axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from brobygger.directory import services
from brobygger.directory.models import Initiative
from tests.browser.conftest import axe_violations, log_in


def test_staff_tick_three_add_a_note_and_get_a_printable_list(page, people):
    log_in(page, "staff")
    page.goto("/tilbud/?target_group=elderly")
    names = [page.locator(".results h3").nth(i).inner_text() for i in range(3)]
    for name in names:  # each button keeps the list in the session (the page reloads)
        with page.expect_navigation():
            page.get_by_role("button", name=f"Sæt {name} på listen").click()
        expect(page.get_by_role("button", name=f"Tag {name} af listen")).to_be_visible()
    page.get_by_label("Note").fill("Ring til Karin tirsdag")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lav en liste til udskrift").click()
    expect(page.get_by_role("heading", name="Fællesskaber til dig")).to_be_visible()
    expect(page.locator("#list-note")).to_have_text("Ring til Karin tirsdag")
    printed = page.get_by_role("heading", level=2).all_inner_texts()
    assert printed == names
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent som PDF").click()
    assert download.value.suggested_filename == "faellesskaber.pdf"


def test_the_pocket_guide_page_warns_about_unconfirmed_entries(page, people):
    for initiative in Initiative.objects.filter(target_groups__code="adults_30_64")[:4]:
        services.initiative_confirm_current(initiative=initiative, user=None)
    log_in(page, "staff")
    page.goto("/tilbud/vejviser/")
    page.get_by_label("For").select_option("adults_30_64")
    page.get_by_role("button", name="Vis udvalget").click()
    expect(page.locator("#left-out")).to_contain_text("er udeladt")
    expect(page.get_by_role("heading", name="4 tilbud på kortene")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent PDF").click()
    assert download.value.suggested_filename == "vejviser-adults_30_64.pdf"


def test_the_coverage_page_is_accessible(page, seeded):
    page.goto("/indsigt/daekning/")
    expect(page.get_by_role("heading", name="Hvem tilbuddene når")).to_be_visible()
    expect(page.get_by_role("img", name="Tilbud åbne for hver aldersgruppe")).to_be_visible()
    assert axe_violations(page) == []
