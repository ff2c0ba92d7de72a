"""The one Chromium of a test session (a pytest plugin, loaded by tests/conftest.py): the
browser tests, the single sign-on tests and the production stack's test all use it. Playwright's
sync API allows one running instance per process, so no test module may start its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# Chromium's console lines for a Content-Security-Policy violation, collected from every page of
# every context a test opens; a test that causes one fails (see _no_csp_violations).
CSP_VIOLATIONS: list[str] = []


def _watch_console(context) -> None:
    def on_console(message):
        if "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"{message.location.get('url', '')}: {message.text}")

    context.on("console", on_console)


@pytest.fixture(scope="session")
def chromium():
    """Playwright's sync API runs an event loop in this thread; the ORM calls that fixtures make
    (and the test database's flush) are still plain synchronous calls, so Django's async guard
    is lifted while the browser is up."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        new_context = browser.new_context

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            _watch_console(context)
            return context

        browser.new_context = watched_context
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
