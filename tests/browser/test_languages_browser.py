"""Issue 20 (3) in Chromium: a phone set to Arabic opens the pages a citizen starts on in Arabic,
right to left, with the six-language switcher in sight without opening "Menu", nothing wider
than the screen, and no serious axe-core findings. Keeps a screenshot at /tmp/ar_390.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

PHONE = {"width": 390, "height": 844}
OWN_NAMES = ["Dansk", "English", "العربية", "Türkçe", "Soomaali", "Українська"]
OVERFLOW = """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"""


def test_an_arabic_phone_gets_right_to_left_pages_with_the_switcher_in_sight(
    chromium, live_server, seeded
):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    for path in ("/", "/tilbud/", "/aktiviteter/"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        expect(page.locator("details.site-menu")).not_to_have_attribute("open", "")
        switcher = page.locator("form.lang-switch")
        for name in OWN_NAMES:
            expect(switcher.get_by_role("button", name=name, exact=True)).to_be_visible()
        expect(switcher.get_by_role("button", name="العربية")).to_have_attribute(
            "aria-pressed", "true"
        )
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        fit = page.evaluate(OVERFLOW)
        assert fit["scroll"] <= fit["inner"], (path, fit)
        assert axe_violations(page) == [], path
        if path == "/":
            expect(page.get_by_role("heading", level=1)).to_have_text("ابحث عن مجتمع في آرهوس")
            page.screenshot(path="/tmp/ar_390.png", full_page=False)
    # a tap on a language in its own name changes the page, and the choice is kept
    with page.expect_navigation():
        page.locator("form.lang-switch").get_by_role("button", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    context.close()
