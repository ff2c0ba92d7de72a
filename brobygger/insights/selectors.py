"""Reads: runs an analyst may see, and a finished report's content for the page."""

from __future__ import annotations

import re
from pathlib import Path

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from brobygger.insights.models import AnalysisRun
from brobygger.insights.services import results_dir

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


def report_fragment(folder: Path) -> SafeString | None:
    """The body of a report.html that our own engine wrote (Jinja-escaped), for embedding."""
    path = folder / "report.html"
    if not path.exists():
        return None
    html = path.read_text(encoding="utf-8")
    body = re.search(r"<body>(.*)</body>", html, re.S)
    return mark_safe(body.group(1)) if body else None  # noqa: S308 - our own escaped output


def downloads(folder: Path) -> list[str]:
    return [name for name in DOWNLOADS if (folder / name).exists()]


def run_folder(run: AnalysisRun) -> Path:
    return results_dir(run)
