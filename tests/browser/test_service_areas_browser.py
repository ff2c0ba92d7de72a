"""The postcode search on a phone (390 px) in Chromium: "8000" finds every initiative serving
8000, each saying where it serves; an entry without an address says how to get there; no
horizontal overflow; axe finds no serious violation; the Nu checker finds no error."""

from __future__ import annotations

from playwright.sync_api import expect

from brobygger.directory import services
from brobygger.directory.models import Initiative
from tests.browser.conftest import axe_violations

PHONE = {"width": 390, "height": 844}


def test_a_postcode_search_on_a_phone_says_where_each_serves(
    chromium, live_server, seeded, vnu_pages
):
    ventilen = Initiative.objects.get(name="Ventilen")
    services.initiative_update(
        initiative=ventilen,
        user=None,
        fields={},
        details={"address_1": "Mejlgade 10", "postal_code": "8000", "city": "Aarhus C"},
    )
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="en-US")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto("/tilbud/")
    page.locator("#search-filters summary").click()  # the filters fold away on a phone
    page.get_by_label("Postcode or town").fill("8000")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**place=8000**")
    results = page.locator(".results > li")
    expect(results.first.locator("h3")).to_have_text("Ventilen")
    expect(results.first.locator(".service-area")).to_have_text("Located in 8000")
    labels = page.locator(".results .service-area").all_inner_texts()
    assert len(labels) == results.count() == 20  # the first page of 40
    assert labels[1:3] == ["For postcode 8000", "For postcode 8000"]
    assert set(labels[3:]) == {"For all of Aarhus Kommune"}
    expect(page.locator(".results .access").first).to_have_text("Call to arrange")
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the results overflow by {overflow}px"
    vnu_pages.add(page, "search-8000-390")
    visits = Initiative.objects.get(name="Ældre Sagens Besøgstjeneste")
    page.goto(f"/tilbud/{visits.pk}/")
    expect(page.locator("#where")).to_have_text("Takes place in your home")
    expect(page.locator("#service-area")).to_have_text("For all of Aarhus Kommune")
    assert axe_violations(page) == []
    vnu_pages.add(page, "detail-at-home-390")
    context.close()
