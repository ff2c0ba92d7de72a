"""The short summary for people who decide: how many are lonely, how many people that is, and
which groups carry the highest risk (a chart of their adjusted odds ratios, and the same numbers
as a table).

Read from a finished analysis' CSV files (``table1.csv``, ``risk_groups.csv``) and the codebook
that produced them (labels, population, the risk rule); numbers are formatted here once, in the
page's language, with the report's own formatting (Danish decimal commas).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from brobygger.survey.codebook import Codebook
from brobygger.survey.report.figure import Estimate, forest_svg
from brobygger.survey.report.numbers import count, decimal
from brobygger.survey.tables import ALL


@dataclass(frozen=True)
class Prevalence:
    """A share of the whole population, its interval (when the analysis gives one) and about
    how many people it stands for (when the codebook gives the population)."""

    pct: str
    low: str = ""
    high: str = ""
    people: str = ""


@dataclass(frozen=True)
class RiskGroup:
    factor: str
    category: str
    severe_pct: str
    odds_ratio: str
    low: str
    high: str
    people: str


@dataclass(frozen=True)
class Summary:
    survey: str
    respondents: str
    population: str
    severe: Prevalence
    moderate: Prevalence
    risk_groups: list[RiskGroup]
    threshold: str
    chart: SafeString | None


def _read(folder: Path, name: str) -> list[dict]:
    path = folder / name
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _people(pct: float | None, population: int | None, language: str) -> str:
    if pct is None or not population:
        return ""
    return count(round(pct / 100 * population), language)


def _prevalence(row: dict, key: str, population: int | None, language: str) -> Prevalence:
    pct = _float(row.get(f"{key}_pct"))
    low, high = _float(row.get(f"{key}_pct_low")), _float(row.get(f"{key}_pct_high"))
    return Prevalence(
        pct=decimal(pct, 1, language),
        low=decimal(low, 1, language) if low is not None else "",
        high=decimal(high, 1, language) if high is not None else "",
        people=_people(pct, population, language),
    )


def _labels(codebook: Codebook, language: str):
    factors = {c.name: c.label.get(language) for c in codebook.covariates}
    categories = {
        (c.name, k.name): k.label.get(language) for c in codebook.covariates for k in c.categories
    }
    return factors, categories


def _risk_groups(rows: list[dict], codebook: Codebook, language: str):
    """The whole population's risk groups, highest odds ratio first, with their estimates."""
    factors, categories = _labels(codebook, language)
    groups, estimates = [], []
    usable = [r for r in rows if r.get("group") == ALL and _float(r.get("severe_or")) is not None]
    for r in sorted(usable, key=lambda r: -float(r["severe_or"])):
        value, low, high = (
            _float(r.get(k)) for k in ("severe_or", "severe_or_low", "severe_or_high")
        )
        people = _float(r.get("people"))
        factor = factors.get(r["variable"], r["variable"])
        category = categories.get((r["variable"], r["category"]), r["category"])
        groups.append(
            RiskGroup(
                factor=factor,
                category=category,
                severe_pct=decimal(_float(r.get("severe_pct")), 1, language),
                odds_ratio=decimal(value, 2, language),
                low=decimal(low, 2, language),
                high=decimal(high, 2, language),
                people=count(round(people), language) if people is not None else "",
            )
        )
        if low is not None and high is not None and 0 < low <= high < float("inf"):
            estimates.append(Estimate(f"{factor}: {category}", value, low, high, highlight=True))
    return groups, estimates


def summary(folder: Path, codebook: Codebook, language: str = "da") -> Summary | None:
    """The summary of the analysis in ``folder``, or None while it has no Table 1."""
    whole = next((r for r in _read(folder, "table1.csv") if r.get("group") == ALL), None)
    if whole is None:
        return None
    population = codebook.population
    groups, estimates = _risk_groups(_read(folder, "risk_groups.csv"), codebook, language)
    threshold = codebook.options.risk_or
    chart = None
    if estimates:
        svg = forest_svg(
            estimates,
            title=_("Risk groups for severe loneliness: adjusted odds ratios (95% CI)"),
            axis_title=_("Odds ratio (log scale)"),
            threshold=threshold,
            language=language,
            svg_id="risk-chart",
        )
        chart = mark_safe(svg)  # noqa: S308 - built from escaped parts (figure.forest_svg)
    return Summary(
        survey=codebook.survey,
        respondents=count(int(_float(whole.get("n")) or 0), language),
        population=count(population, language) if population else "",
        severe=_prevalence(whole, "severe", population, language),
        moderate=_prevalence(whole, "moderate", population, language),
        risk_groups=groups,
        threshold=decimal(threshold, 0 if float(threshold).is_integer() else 1, language),
        chart=chart,
    )


def demo_codebook() -> Codebook:
    """The codebook of the shipped synthetic survey (labels, population, the risk rule)."""
    from brobygger.survey.codebook import parse_codebook
    from brobygger.survey.synth.codebook import codebook_dict

    return parse_codebook(codebook_dict(), "synthetic codebook")
