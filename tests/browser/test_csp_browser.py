"""The Content-Security-Policy in Chromium: our pages load everything they need under it, and an
injected inline script is refused (and our console watch sees the refusal)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import conftest


def test_it_refuses_an_injected_inline_script_and_reports_it(page, seeded):
    page.goto("/")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        ran = page.evaluate(
            """() => new Promise(resolve => {
                 const el = document.createElement('script');
                 el.textContent = 'window.__injected = true';
                 document.body.appendChild(el);
                 setTimeout(() => resolve(window.__injected === true), 200);
               })"""
        )
    assert ran is False
    assert any("Content Security Policy" in line for line in conftest.CSP_VIOLATIONS)
    conftest.CSP_VIOLATIONS.clear()  # seen and expected: the policy worked


def test_it_styles_the_pages_from_our_own_stylesheet(page, seeded):
    page.goto("/tilbud/")
    header_colour = page.evaluate(
        "getComputedStyle(document.querySelector('header.site')).backgroundColor"
    )
    assert header_colour == "rgb(11, 92, 107)"  # --accent from site.css
    page.goto("/api/v1/docs")
    expect(page.locator("#swagger-ui .information-container")).to_be_visible(timeout=15_000)
