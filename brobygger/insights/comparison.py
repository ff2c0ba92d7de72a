"""The published numbers beside the ones the synthetic survey gives back, for the web page:
every code of ``comparison.csv`` (``table1``, ``16-29``, ``severe_or`` …) replaced by the label a
reader knows (the report's own names for its tables, age groups, factors and categories)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from brobygger.survey.published import published
from brobygger.survey.report.numbers import decimal


@dataclass
class Row:
    group: str
    factor: str
    category: str
    measure: str
    published: str
    reproduced: str
    difference: str


@dataclass
class Section:
    key: str  # the anchor on the page: "table1", "table2" …
    title: str
    rows: list[Row] = field(default_factory=list)


def _table_titles() -> dict[str, str]:
    return {
        "table1": _("Table 1: loneliness by age group"),
        "table2": _("Table 2: prevalence and odds ratios by factor"),
        "table3": _("Table 3: severe loneliness by factor within each age group"),
        "bilag1": _("Appendix 1: the study population"),
    }


def _measures() -> dict[str, str]:
    return {
        "not_pct": _("Not lonely, %"),
        "moderate_pct": _("Moderately lonely, %"),
        "severe_pct": _("Severely lonely, %"),
        "moderate_or": _("Moderately lonely, OR"),
        "severe_or": _("Severely lonely, OR"),
        "pct": _("Share of respondents, %"),
    }


def _names(language: str):
    """Human labels for the codes of the published data, in ``language``."""
    key = "label_en" if language == "en" else "label_da"
    pub = published()
    groups = {"all": _("Whole population")}
    for g in pub["age_groups"]:  # comparison.csv writes the open band "75+" as "75-"
        groups[g["key"].replace("+", "-")] = g[key]
    factors = {"age": _("Age (per year)")}
    categories = {}
    for v in pub["variables"]:
        factors[v["key"]] = v[key]
        for c in v["categories"]:
            categories[(v["key"], c["key"])] = c[key]
    return groups, factors, categories


def _number(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def comparison(folder: Path, language: str = "da") -> list[Section]:
    """The sections of the comparison (one per published table), empty when the synthetic
    analysis has no ``comparison.csv`` yet."""
    path = folder / "comparison.csv"
    if not path.exists():
        return []
    groups, factors, categories = _names(language)
    measures = _measures()
    sections = {key: Section(key, title) for key, title in _table_titles().items()}
    with open(path, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            digits = 2 if r["measure"].endswith("_or") else 1
            published_value, reproduced = _number(r["published"]), _number(r["reproduced"])
            difference = (
                decimal(round(reproduced - published_value, digits) + 0.0, digits, language)
                if published_value is not None and reproduced is not None
                else ""
            )
            section = sections.setdefault(r["table"], Section(r["table"], r["table"]))
            section.rows.append(
                Row(
                    group=groups.get(r["group"], r["group"]),
                    factor=factors.get(r["variable"], r["variable"]),
                    category=categories.get((r["variable"], r["category"]), r["category"]),
                    measure=measures.get(r["measure"], r["measure"]),
                    published=decimal(published_value, digits, language),
                    reproduced=decimal(reproduced, digits, language)
                    if reproduced is not None
                    else "─",
                    difference=difference,
                )
            )
    return [s for s in sections.values() if s.rows]
