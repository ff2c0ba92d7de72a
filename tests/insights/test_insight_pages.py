"""The insight pages for people who decide: a short summary first (one h1, the synthetic notice
once, downloads at the top, a table of contents), the detailed tables one click away, and the
published-vs-reproduced comparison on its own page with labels instead of codes."""

from __future__ import annotations

import csv
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from brobygger.insights.views import analyst as views

NOTICE = 'id="synthetic-notice"'
RAW_CODES = {"not_pct", "moderate_pct", "severe_pct", "moderate_or", "severe_or", "pct",
             "table1", "table2", "table3", "bilag1", "all"}  # fmt: skip


class _Outline(HTMLParser):
    """The page's h1 texts, links in document order, and the text of every table cell."""

    def __init__(self):
        super().__init__()
        self.h1: list[str] = []
        self.links: list[str] = []
        self.cells: list[str] = []
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))
        if tag in ("h1", "td", "th"):
            self._in, self._text = tag, ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in:
            (self.h1 if tag == "h1" else self.cells).append(self._text.strip())
            self._in = None


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def _main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.fixture
def synthetic(settings, demo_home):
    settings.INSIGHTS_DIR = demo_home
    return demo_home / "demo" / "da"


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_opens_with_one_h1_one_notice_and_the_downloads_before_the_summary(client, synthetic):
    html = client.get("/indsigt/").content.decode()
    outline = _outline(html)
    assert len(outline.h1) == 1
    assert html.count(NOTICE) == 1 and html.lower().count("syntetiske data") == 1
    main = _main(html)
    pdf = main.index('href="/indsigt/syntetisk/da/report.pdf"')
    assert main.index('href="/indsigt/syntetisk/da/report.xlsx"') < main.index('id="toc-heading"')
    assert main.index(NOTICE) < pdf < main.index('id="summary"') < main.index('id="risk-groups"')
    assert "<table" not in main[: main.index('id="risk-groups"')]  # no table before the summary


def test_it_has_a_table_of_contents_reaching_every_part(client, synthetic):
    html = client.get("/indsigt/").content.decode()
    toc = html[
        html.index('id="toc-heading"') : html.index("</nav>", html.index('id="toc-heading"'))
    ]
    for target in ("#summary", "#risk-groups", "/indsigt/tabeller/", "/indsigt/sammenligning/"):
        assert f'href="{target}"' in toc
    for anchor in ("summary", "risk-groups"):
        assert f'id="{anchor}"' in html
    assert 'href="#trend"' not in toc  # the trend's entry comes only with a trend


def test_it_summarises_prevalence_people_and_risk_groups_from_the_analysis(client, synthetic):
    with open(synthetic / "table1.csv", encoding="utf-8") as handle:
        whole = next(r for r in csv.DictReader(handle) if r["group"] == "all")
    with open(synthetic / "risk_groups.csv", encoding="utf-8") as handle:
        risk = list(csv.DictReader(handle))
    html = unescape(client.get("/indsigt/").content.decode())
    summary = html[html.index('id="summary"') : html.index('id="risk-groups"')]
    severe = float(whole["severe_pct"])
    assert f"{severe:.1f}".replace(".", ",") + " %" in summary
    low, high = (
        f"{float(whole[k]):.1f}".replace(".", ",") for k in ("severe_pct_low", "severe_pct_high")
    )
    assert f"{low}–{high}" in summary
    people = round(severe / 100 * 265_000)  # the synthetic codebook's population
    assert f"{people:,}".replace(",", ".") in summary
    assert f"{float(whole['moderate_pct']):.1f}".replace(".", ",") + " %" in summary
    table = html[
        html.index('id="risk-table"') : html.index("</table>", html.index('id="risk-table"'))
    ]
    assert table.count("<tr>") == len(risk) + 1  # a header row and one per risk group
    strongest = max(risk, key=lambda r: float(r["severe_or"]))
    first_row = table[table.index("<tbody>") :]
    assert f"{float(strongest['severe_or']):.2f}".replace(".", ",") in first_row[:300]


def test_the_risk_chart_is_inline_svg_on_a_readable_log_axis(client, synthetic):
    html = client.get("/indsigt/").content.decode()
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="risk-chart-title"' in svg
    assert "<style" not in svg and "style=" not in svg  # the CSP allows no inline styles
    ticks = re.findall(r'<text[^>]*text-anchor="middle">([^<]*)</text>', svg)
    assert {"1", "2", "4", "8"} <= set(ticks) and not any("×" in t or "e+" in t for t in ticks)
    assert (
        svg.count("<circle")
        == len(re.findall(r"<tbody>.*?</tbody>", html, re.S)[0].split("<tr>")) - 1
    )
    assert "<figcaption" in html


def test_the_upload_link_is_there_for_analysts_only(client, people, synthetic):
    for role in ("anonymous", "citizen", "staff", "broker", "editor", "analyst", "administrator"):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        links = _outline(client.get("/indsigt/").content.decode()).links
        assert ("/indsigt/analyser/" in links) is (role in {"analyst", "administrator"}), role


def test_it_includes_the_trend_when_there_is_one(
    client, synthetic, monkeypatch, settings, tmp_path
):
    folder = tmp_path / "templates" / "insights"
    folder.mkdir(parents=True)
    (folder / "_trend.html").write_text('<p id="trend-probe">{{ trend.waves }}</p>')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    monkeypatch.setattr(views, "demo_trend_view", lambda: {"waves": "2013-2017"})
    html = client.get("/indsigt/").content.decode()
    assert '<p id="trend-probe">2013-2017</p>' in html
    assert 'href="#trend"' in html and 'id="trend"' in html


def test_the_tables_are_one_click_away_with_their_own_contents(client, synthetic):
    html = client.get("/indsigt/tabeller/").content.decode()
    assert len(_outline(html).h1) == 1 and html.count(NOTICE) == 1
    main = _main(html)
    assert main.index("report.pdf") < main.index('class="report"')
    for anchor in ("table-1", "table-2", "table-3", "table-4", "risk-groups", "methods"):
        assert f'href="#{anchor}"' in main and f'id="{anchor}"' in main
    assert "Offentliggjort og genskabt" not in main  # the comparison has its own page
    report = main[main.index('class="report"') :]
    assert report.count("<table>") == report.count('<div class="scroll-x" tabindex="0"') == 5


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_comparison_page_shows_labels_not_codes(client, settings, demo_home, language):
    settings.INSIGHTS_DIR = demo_home
    if language == "en":
        from brobygger.insights import services

        services.demo_ensure("en")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/indsigt/sammenligning/").content.decode()
    outline = _outline(html)
    assert len(outline.h1) == 1 and html.count(NOTICE) == 1
    cells = set(outline.cells)
    assert not cells & RAW_CODES
    assert not any(re.fullmatch(r"\d+-\d*|[a-z]+(_[a-z]+)+", c) for c in cells)
    with open(demo_home / "demo" / language / "comparison.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert html.count("<tr>") == len(rows) + 4  # one header row in each of the four tables
    if language == "en":
        assert {"Severely lonely, OR", "Not lonely, %", "Whole population"} <= cells
        assert "Younger adults 30-44" in cells  # the report's own age-group label


def test_the_detail_pages_say_when_the_analysis_is_not_ready(client, db):
    for url in ("/indsigt/", "/indsigt/tabeller/", "/indsigt/sammenligning/"):
        page = client.get(url).content.decode()
        assert client.get(url).status_code == 200
        assert "forberedes" in page and page.count(NOTICE) == 1


def test_a_synthetic_analysis_of_an_older_layout_is_made_again(settings, demo_home, tmp_path):
    from brobygger.insights import services

    settings.INSIGHTS_DIR = demo_home
    assert services.demo_ready("da")  # the engine writes the anchors the pages look for
    settings.INSIGHTS_DIR = tmp_path
    old = services.demo_dir("da")
    old.mkdir(parents=True)
    (old / "report.html").write_text("<html><body><section class=methods></section></body></html>")
    assert not services.demo_ready("da")
