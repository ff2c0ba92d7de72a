"""Reads: runs an analyst may see, and a finished report's content for the page."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from brobygger.insights.models import AnalysisRun
from brobygger.insights.services import results_dir
from brobygger.survey.report.text import words

DOWNLOADS = (
    "report.pdf",
    "report.xlsx",
    "report.html",
    "table1.csv",
    "table2.csv",
    "table3.csv",
    "bilag1.csv",
    "risk_groups.csv",
    "figure1.svg",
    "comparison.csv",
)


def runs() -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.select_related("created_by")


def report_fragment(folder: Path, *, figure_url: str) -> SafeString | None:
    """The body of a report.html that our own engine wrote (Jinja-escaped), for embedding in a
    page that has its own h1 and synthetic-data notice.

    Left out: the report's h1 and its synthetic-data note (the page says both once), and the
    demo's extra sections (the published-vs-reproduced comparison has its own page). Each
    table is wrapped in a scrolling region, so a wide table scrolls instead of the page. The
    figure is shown as an image from ``figure_url`` (an inline copy would bring the report's
    print styling into a page whose Content-Security-Policy allows only our stylesheet).
    """
    path = folder / "report.html"
    if not path.exists():
        return None
    html = path.read_text(encoding="utf-8")
    body = re.search(r"<body[^>]*>(.*)</body>", html, re.S)
    if not body:
        return None
    language = re.search(r'<html lang="(\w+)"', html)
    alt = words(language.group(1) if language else "da")["figure"]
    image = format_html('<img class="report-figure" src="{}" alt="{}">', figure_url, alt)
    fragment = body.group(1)
    for pattern in _LEFT_OUT:
        fragment = pattern.sub("", fragment)
    fragment = _SVG.sub(lambda _match: image, fragment)
    fragment = _SECTION.sub(_wrap_tables, fragment)
    return mark_safe(fragment)  # noqa: S308 - our own escaped output


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_LEFT_OUT = (
    re.compile(r"<h1>.*?</h1>", re.S),
    re.compile(r'<p class="synthetic">.*?</p>', re.S),
    re.compile(r'<section\b[^>]*\bclass="extra\b[^"]*"[^>]*>.*?</section>', re.S),
)
_SECTION = re.compile(r'<section id="([\w-]+)"[^>]*>\s*<h2>(.*?)</h2>.*?</section>', re.S)


def _wrap_tables(match: re.Match) -> str:
    """A section's table in a labelled, focusable scrolling region (WCAG: reachable by keyboard)."""
    section, label = match.group(0), match.group(2)  # the h2 is already escaped
    region = f'<div class="scroll-x" tabindex="0" role="region" aria-label="{label}"><table>'
    return section.replace("<table>", region).replace("</table>", "</table></div>")


def report_contents(fragment: str | None) -> list[tuple[str, str]]:
    """The sections of a :func:`report_fragment` as (anchor, heading) for a table of contents."""
    if not fragment:
        return []
    return [(anchor, unescape(title)) for anchor, title in _SECTION.findall(fragment)]


def downloads(folder: Path) -> list[str]:
    return [name for name in DOWNLOADS if (folder / name).exists()]


def run_folder(run: AnalysisRun) -> Path:
    return results_dir(run)
