"""Reads: runs an analyst may see, and a finished report's content for the page."""

from __future__ import annotations

import re
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
    """The body of a report.html that our own engine wrote (Jinja-escaped), for embedding.

    The inline SVG figure carries ``<style>`` and ``style="..."``, which the page's
    Content-Security-Policy (``style-src 'self'``) blocks; the page shows the same figure as an
    image from ``figure_url`` instead (an image's own styles are not the page's).
    """
    path = folder / "report.html"
    if not path.exists():
        return None
    html = path.read_text(encoding="utf-8")
    body = re.search(r"<body>(.*)</body>", html, re.S)
    if not body:
        return None
    language = re.search(r'<html lang="(\w+)"', html)
    alt = words(language.group(1) if language else "da")["figure"]
    image = format_html('<img class="report-figure" src="{}" alt="{}">', figure_url, alt)
    fragment = _SVG.sub(lambda _match: image, body.group(1))
    return mark_safe(fragment)  # noqa: S308 - our own escaped output


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def downloads(folder: Path) -> list[str]:
    return [name for name in DOWNLOADS if (folder / name).exists()]


def run_folder(run: AnalysisRun) -> Path:
    return results_dir(run)
