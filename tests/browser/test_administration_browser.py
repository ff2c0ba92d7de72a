"""Issue 21 in Chromium: the administrator adds a broker in the web interface, on a phone
(390 px) and on a desktop (1280 px): the pages fit the screen and pass axe-core. The broker
then opens the link, chooses a password and signs in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_layout_browser import OVERFLOW

PASSWORD = "Fællesskab-2026!"


def _fits_and_passes_axe(page, label: str) -> None:
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["inner"] and not fit["wide"], (label, fit)
    assert axe_violations(page) == [], label


@pytest.mark.parametrize("width", [390, 1280])
def test_the_administrator_adds_a_broker_who_then_signs_in(
    chromium, live_server, everyone, settings, width
):
    settings.SITE_URL = live_server.url
    viewport = {"width": width, "height": 844 if width == 390 else 800}
    context = chromium.new_context(base_url=live_server.url, viewport=viewport, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "administrator")
    assert page.url.endswith("/administration/")  # where the administrator lands
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    page.goto("/administration/")
    _fits_and_passes_axe(page, "overview")
    page.goto("/administration/brugere/ny/")
    _fits_and_passes_axe(page, "add form")
    page.get_by_label("User name").fill("bente")
    page.get_by_label("First name").fill("Bente")
    page.get_by_label("E-mail").fill("bente@example.org")
    page.get_by_label("Role").select_option("broker")
    page.get_by_role("button", name="Add the user").click()
    link = page.locator("#set-password-link")
    expect(link).to_contain_text("/konto/velkommen/#kode=")
    expect(page.get_by_role("heading", level=1)).to_have_text("bente is added")
    _fits_and_passes_axe(page, "link shown")
    link_text = link.inner_text()

    page.get_by_role("link", name="Go to bente").click()
    expect(page.locator("#roles-form")).to_be_visible()
    expect(page.get_by_label("Community broker")).to_be_checked()
    _fits_and_passes_axe(page, "the user's page")

    # the broker, in a browser of their own, opens the link and chooses a password
    broker = chromium.new_context(base_url=live_server.url, viewport=viewport, locale="en-US")
    broker.set_default_timeout(15_000)
    broker_page = broker.new_page()
    broker_page.goto(link_text)
    expect(broker_page.locator("#id_code")).not_to_have_value("")  # filled in from the link
    broker_page.get_by_role("button", name="Fortsæt").click()  # Danish: their first visit
    broker_page.locator("#id_new_password1").fill(PASSWORD)
    broker_page.locator("#id_new_password2").fill(PASSWORD)
    broker_page.locator("#welcome-form button[type=submit]").click()
    expect(broker_page).to_have_url(re.compile(r"/konto/log-ind/$"))
    broker_page.get_by_label("Brugernavn").fill("bente")
    broker_page.get_by_label("Adgangskode").fill(PASSWORD)
    broker_page.get_by_role("button", name="Log ind").click()
    expect(broker_page).to_have_url(re.compile(r"/konto/to-trin/"))  # signed in: now the app
    broker.close()
    context.close()
