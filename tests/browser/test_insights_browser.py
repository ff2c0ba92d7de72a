"""The insight pages in Chromium. At 1280 and 390 px, for an anonymous visitor and an analyst:
no sideways scrolling, one h1, the synthetic notice once, downloads and contents near the top,
nothing serious for axe-core. An analyst uploads on /indsigt/analyser/: the synthetic survey
gives Table 2; the codebook template, sent unfilled, is refused in Danish naming its line."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from brobygger.insights.models import AnalysisRun
from brobygger.survey.synth import synthesize
from tests.browser.conftest import axe_violations, log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
UPLOAD = "/indsigt/analyser/"
ANALYSIS_MS = 120_000  # an upload's analysis on a busy two-core machine
# Each page and what must sit near its top: downloads and contents (the upload page: the template)
PAGES = {
    "/indsigt/": ["nav.downloads a[download]", "nav.toc"],
    "/indsigt/tabeller/": ["nav.downloads a[download]", "nav.toc"],
    "/indsigt/sammenligning/": ["main a[download]", "nav.toc"],
    UPLOAD: ["#codebook-template"],
}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .filter(el => !el.closest('.scroll-x, pre'))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide};
}"""
TOP = "el => el.getBoundingClientRect().top + window.scrollY"


def _context(chromium, live_server, role):
    context = chromium.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    context.set_default_timeout(15_000)
    page = context.new_page()
    if role != "anonymous":
        log_in(page, role)
    return context, page


def _check_layout(page, path: str, viewport: dict) -> None:
    where = f"{path} at {viewport['width']} px"
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["inner"] and fit["wide"] == [], f"{where} overflows: {fit}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#synthetic-notice")).to_have_count(0 if path == UPLOAD else 1)
    for selector in PAGES[path]:
        top = page.locator(selector).first.evaluate(TOP)
        # within the first screen and a half: after the header, the h1 and the notice
        assert top < 1.5 * viewport["height"], f"{where}: {selector} starts at {top:.0f} px"


def test_the_insight_pages_fit_pass_axe_and_open_with_downloads_and_contents(
    chromium, live_server, people, settings, demo_home
):
    settings.INSIGHTS_DIR = demo_home
    for role in ("anonymous", "analyst"):
        context, page = _context(chromium, live_server, role)
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for path in PAGES:
                page.goto(path)
                if role == "anonymous" and path == UPLOAD:
                    assert "/konto/log-ind/" in page.url  # analysts' page only
                    continue
                _check_layout(page, path, viewport)
                if viewport is PHONE:
                    assert axe_violations(page) == [], f"{role} {path}"
        context.close()


def test_an_analyst_uploads_the_unfilled_template_and_is_told_the_line_in_danish(
    chromium, live_server, people, tmp_path
):
    context, page = _context(chromium, live_server, "analyst")
    page.goto("/indsigt/")
    page.locator("#upload-link").click()
    expect(page).to_have_url(re.compile(re.escape(UPLOAD) + "$"))
    with page.expect_download() as download:
        page.locator("#codebook-template").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    lines = template.read_text(encoding="utf-8").splitlines()
    data = tmp_path / "svar.csv"
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    page.get_by_label("Surveyfil").set_input_files(str(data))
    page.get_by_label("Kodebog (YAML)").set_input_files(str(template))
    page.locator("form[enctype] button[type=submit]").click()
    alert = page.locator("#codebook_file-errors[role=alert]")
    expect(alert).to_be_visible()
    text = alert.inner_text()
    match = re.search(r"linje (\d+)", text)
    assert match and template.name in text, text
    named = lines[int(match.group(1)) - 1]
    assert "FILL_IN_" in named.split("#", 1)[0]  # the line named still holds a placeholder
    assert AnalysisRun.objects.count() == 0  # refused before anything was queued
    context.close()


def test_an_analyst_uploads_a_survey_and_sees_table_2(chromium, live_server, people, tmp_path):
    data_path, codebook_path = synthesize().write(tmp_path / "synthetic")
    context, page = _context(chromium, live_server, "analyst")
    page.goto(UPLOAD)
    page.get_by_label("Surveyfil").set_input_files(str(data_path))
    page.get_by_label("Kodebog (YAML)").set_input_files(str(codebook_path))
    # the tests run the analysis inside the request (no worker): the answer takes a while
    page.get_by_role("button", name="Analysér").click(timeout=ANALYSIS_MS)
    expect(page.get_by_role("heading", name="Tabel 2", exact=False)).to_be_visible(
        timeout=ANALYSIS_MS
    )
    expect(page.get_by_role("heading", name="Risikogrupper for svær ensomhed")).to_be_visible()
    assert axe_violations(page) == []
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.DONE
    context.close()

    anonymous = chromium.new_context(base_url=live_server.url)
    other = anonymous.new_page()
    other.goto(f"/indsigt/analyser/{run.pk}/")
    assert "/konto/log-ind/" in other.url
    expect(other.get_by_text("Tabel 2")).to_have_count(0)
    response = other.request.get(
        f"{live_server.url}/indsigt/analyser/{run.pk}/table2.csv", max_redirects=0
    )
    assert response.status == 302
    anonymous.close()
