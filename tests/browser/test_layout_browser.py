"""The layout in Chromium: for every role, every page of its menu at 390 px fits the screen (no
sideways scrolling) and passes axe-core; the menu is one row on a phone and open at 1280 px.

Set LAYOUT_SHOTS=/some/dir to keep a screenshot of each page (for looking at, not asserted).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.conftest import ROLES

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Every role but the other editor, whose menu is the editor's.
LAYOUT_ROLES = [role for role in ROLES if role != "other_editor"]
SHOTS = os.environ.get("LAYOUT_SHOTS", "")

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .filter(el => !el.closest('table, .scroll-x, pre'))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className : ''));
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide};
}"""


def _context(chromium, live_server, role, viewport):
    context = chromium.new_context(base_url=live_server.url, viewport=viewport, locale="da-DK")
    context.set_default_timeout(15_000)
    page = context.new_page()
    if role != "anonymous":
        log_in(page, role)
    return context, page


def _menu_paths(page) -> list[str]:
    """The parameter-less pages the menu (and footer) links to, home first."""
    hrefs = page.eval_on_selector_all(
        "nav.site-nav a[href], footer.site a[href]", "links => links.map(a => a.pathname)"
    )
    paths = ["/"]
    for href in hrefs:
        if href.startswith(("/api/", "/hsds/")) or href in paths:
            continue  # JSON and the API's own documentation page are not our layout
        paths.append(href)
    return paths


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


# The page without its header and CSRF tokens: two visits with the same fingerprint have the
# same content, so axe-core (slow) runs once for them; the header is checked for each role.
FINGERPRINT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('header.site, input[name=csrfmiddlewaretoken]').forEach(e => e.remove());
  return location.pathname + body.innerHTML;
}"""


def _check_page(page, path: str, label: str, checked: set[str], vnu_pages) -> bool:
    """Visit ``path``: it is ours to see, fits the width, and passes axe (and, at the session's
    end, the Nu HTML checker). False for the empty placeholder of an app still being built."""
    response = page.goto(path)
    assert response is not None and response.status == 200, (label, path, response)
    if "<h1" not in page.content():
        return False
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["inner"], (label, path, fit)
    fingerprint = page.evaluate(FINGERPRINT)
    if fingerprint not in checked:
        assert axe_violations(page) == [], (label, path)
        checked.add(fingerprint)
    vnu_pages.add(page, label)
    _shot(page, f"{label}{path.strip('/').replace('/', '_') or 'home'}")
    return True


def _phone_menu(page, role: str, vnu_pages) -> None:
    """One row on a phone: the brand and "Menu" side by side, the links folded away; opened,
    the menu and its first group fit, pass axe, and name who is signed in."""
    page.goto("/")
    brand = page.locator("header.site .brand").bounding_box()
    summary = page.locator("details.site-menu > summary")
    expect(summary).to_be_visible()
    assert abs(summary.bounding_box()["y"] - brand["y"]) < brand["height"], role
    assert page.locator("header.site").bounding_box()["height"] < 3 * brand["height"], role
    expect(page.locator("nav.site-nav")).to_be_hidden()
    summary.click()
    expect(page.locator("nav.site-nav")).to_be_visible()
    page.locator("nav.site-nav details > summary").first.click()
    expect(page.locator("nav.site-nav details").first).to_have_attribute("open", "")
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["inner"], (role, "open menu", fit)
    assert axe_violations(page) == [], (role, "open menu")
    vnu_pages.add(page, f"{role} (menu open)")
    if role != "anonymous":
        expect(page.locator(".user-name")).to_have_text(role)
    _shot(page, f"{role}-390-menu-open")


def test_every_menu_page_fits_a_phone_and_passes_axe_for_every_role(
    chromium, live_server, everyone, vnu_pages
):
    checked: set[str] = set()
    for role in LAYOUT_ROLES:
        context, page = _context(chromium, live_server, role, PHONE)
        _phone_menu(page, role, vnu_pages)
        paths = _menu_paths(page)
        assert len(paths) >= 6, (role, paths)
        seen = [
            path for path in paths if _check_page(page, path, f"{role}-390-", checked, vnu_pages)
        ]
        assert "/" in seen and "/tilgaengelighed/" in seen, (role, seen)
        context.close()


def test_the_menu_is_open_and_the_pages_fit_at_1280(chromium, live_server, everyone, vnu_pages):
    checked: set[str] = set()
    for role in ("anonymous", "administrator"):
        context, page = _context(chromium, live_server, role, DESKTOP)
        page.goto("/")
        expect(page.locator("details.site-menu > summary")).to_be_hidden()
        expect(page.get_by_role("link", name="Find et fællesskab").first).to_be_visible()
        _shot(page, f"{role}-1280-header")
        header = page.locator("header.site").bounding_box()
        assert header["height"] < 130, (role, header)  # one or two rows, not four
        for path in _menu_paths(page)[:6]:
            _check_page(page, path, f"{role}-1280-", checked, vnu_pages)
        page.goto("/tilbud/")
        expect(page.get_by_label("Alder")).to_be_visible()  # filters open on a wide screen
        if role == "administrator":
            page.locator("nav.site-nav summary", has_text="Administration").click()
            expect(page.locator('nav.site-nav a[href="/administration/forslag/"]')).to_be_visible()
            assert axe_violations(page) == []
            _shot(page, f"{role}-1280-group-open")
        context.close()


def test_the_search_filters_fold_away_on_a_phone(chromium, live_server, seeded):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/tilbud/")
    expect(page.get_by_label("Alder")).to_be_hidden()
    page.locator("#search-filters > summary").click()
    expect(page.get_by_label("Alder")).to_be_visible()
    page.get_by_label("Alder").fill("45")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url(re.compile(r"[?&]age=45"))
    expect(page.locator("#search-filters > summary")).to_contain_text("1")
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["inner"], fit
    context.close()
