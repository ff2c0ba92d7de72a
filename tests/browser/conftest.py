"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts.otp_helpers import browser_pass_second_factor
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, CSP_VIOLATIONS  # noqa: F401 (used by importers)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def _no_csp_violations():
    """The pages run under production's Content-Security-Policy (no inline script or style);
    anything the browser refuses under it is a bug in our pages."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == [], "CSP violations:\n" + "\n".join(CSP_VIOLATIONS)


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("pw-" + username)
    with page.expect_navigation():  # the answer to the form: the next page, or the form again
        page.get_by_role("button", name="Log ind").click()
    browser_pass_second_factor(page, username)  # a broker's or administrator's code


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page.

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    not govern (a <script> tag with its text would be refused, and reported as a violation)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => ({id: v.id, impact: v.impact, help: v.help,
                         targets: v.nodes.map(n => n.target.join(' '))}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="session")
def vnu_pages():
    """The pages the sweeps visit, checked by the Nu HTML checker once, in one JVM, when the
    session ends: 0 errors (each named by page URL, line and message)."""
    from tests.browser.vnu import VnuPages

    pages = VnuPages()
    yield pages
    try:
        errors = pages.errors()
    finally:
        pages.close()
    assert errors == [], f"Nu HTML checker: {len(errors)} errors\n" + "\n".join(errors)
