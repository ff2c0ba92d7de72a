"""Who is served and who is not: the directory set against the survey.

For each of the 2015 mapping's target groups, each of the survey's age groups and each risk
group of the (shipped, synthetic) analysis: how many published initiatives are open to it, of
which types, in which postcodes, and the gaps. A postcode counts the initiatives that serve it
(``directory.service_areas``: located there, or its area covers it), the same rule as the
directory's postcode search and the pocket guide; ``located`` counts those with a place there.

An initiative is open to an age group when its age range overlaps it; without an age range of
its own, its target groups' bands count; with neither, it is open to all ages. It is
*targeted* at an age group when its range is narrower than all ages, and at a risk group when
it is especially for a related special target group.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from brobygger.directory import service_areas
from brobygger.directory.models import Initiative, Taxonomy, TaxonomyTerm
from brobygger.directory.selectors import real_initiatives, terms

ALL_AGES = (0, 200)
AGE_GROUPS = {"16-29": (16, 29), "30-44": (30, 44), "45-59": (45, 59), "60-74": (60, 74),
              "75+": (75, 200)}  # fmt: skip
# The report's risk groups and the special target groups whose initiatives reach them.
RISK_TO_SPECIAL = {
    ("ethnicity", "non_danish"): ("ethnic_minorities",),
    ("labour_market", "disability_pension"): ("disability", "mental_illness"),
    ("long_term_mental_disorder", "yes"): ("mental_illness",),
    ("psychiatric_treatment", "yes"): ("mental_illness",),
}
FEW = 0.5  # an age group with under half the targeted initiatives of the best-served is a gap


@dataclass
class Reach:
    """What reaches one group: the initiatives, their types and places."""

    key: str
    label: str
    initiatives: list[str] = field(default_factory=list)
    targeted: int = 0
    types: Counter = field(default_factory=Counter)
    postcodes: set[str] = field(default_factory=set)
    severe_pct: float | None = None
    moderate_pct: float | None = None
    severe_or: float | None = None
    gap: str = ""
    located: int = 0  # (postcodes) initiatives with a place in the postcode
    by_type: list[int] = field(default_factory=list)  # in the order of Coverage.types

    @property
    def count(self) -> int:
        return len(self.initiatives)


@dataclass
class Coverage:
    target_groups: list[Reach]
    age_groups: list[Reach]
    risk_groups: list[Reach]
    postcodes: list[Reach]
    types: list[TaxonomyTerm]
    without_place: int
    survey: bool  # whether the synthetic analysis was there to join

    def gaps(self) -> list[Reach]:
        return [r for r in (*self.target_groups, *self.age_groups, *self.risk_groups) if r.gap]


@dataclass
class _Row:
    name: str
    kind: str
    low: int
    high: int
    targeted: bool
    target_groups: set[str]
    special: set[str]
    postcodes: set[str]
    initiative: Initiative


def _rows() -> list[_Row]:
    bands = {t.code: (t.band_min_age, t.band_max_age) for t in terms(Taxonomy.TARGET_GROUP)}
    out = []
    qs = (
        real_initiatives()
        .select_related("initiative_type")
        .prefetch_related("target_groups", "special_groups", "service_at_locations__location")
    )
    for initiative in qs.order_by("name"):
        groups = {t.code for t in initiative.target_groups.all()}
        low, high = _range(initiative, groups, bands)
        out.append(
            _Row(
                name=initiative.name,
                kind=initiative.initiative_type.code if initiative.initiative_type else "",
                low=low,
                high=high,
                targeted=(low, high) != ALL_AGES,
                target_groups=groups,
                special={t.code for t in initiative.special_groups.all()},
                postcodes={
                    s.location.postal_code
                    for s in initiative.service_at_locations.all()
                    if s.location.postal_code
                },
                initiative=initiative,
            )
        )
    return out


def _range(initiative: Initiative, groups: set[str], bands) -> tuple[int, int]:
    if initiative.minimum_age is not None or initiative.maximum_age is not None:
        return (initiative.minimum_age or 0, initiative.maximum_age or 200)
    if not groups or "all" in groups:
        return ALL_AGES
    lows = [bands[g][0] if bands[g][0] is not None else 0 for g in groups]
    highs = [bands[g][1] if bands[g][1] is not None else 200 for g in groups]
    return (min(lows), max(highs))


def _reach(key: str, label: str, rows: list[_Row], targeted) -> Reach:
    reach = Reach(key, label)
    for row in rows:
        reach.initiatives.append(row.name)
        reach.targeted += bool(targeted(row))
        reach.types[row.kind] += 1
        reach.postcodes |= row.postcodes
    return reach


def _read(folder: Path | None, name: str) -> list[dict]:
    path = folder / name if folder else None
    if path is None or not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def coverage(survey_dir: Path | None, *, language: str = "da") -> Coverage:
    """The coverage picture; ``survey_dir`` holds the analysis' CSVs (table1.csv,
    risk_groups.csv), or None to show the directory alone."""
    from brobygger.survey.published import published  # labels of the report's variables

    rows = _rows()
    table1 = {r["group"]: r for r in _read(survey_dir, "table1.csv")}
    risk_rows = _read(survey_dir, "risk_groups.csv")
    label_key = "label_en" if language == "en" else "label_da"

    target_groups = [
        _reach(t.code, t.name, [r for r in rows if t.code in r.target_groups], lambda r: True)
        for t in terms(Taxonomy.TARGET_GROUP)
    ]

    age_groups = []
    for key, (low, high) in AGE_GROUPS.items():
        open_rows = [r for r in rows if r.low <= high and r.high >= low]
        reach = _reach(key, key, open_rows, lambda r: r.targeted)
        survey = table1.get(key, {})
        reach.severe_pct = _number(survey.get("severe_pct"))
        reach.moderate_pct = _number(survey.get("moderate_pct"))
        age_groups.append(reach)
    best = max((r.targeted for r in age_groups), default=0)
    for reach in age_groups:
        if reach.targeted < FEW * best or reach.targeted == min(r.targeted for r in age_groups):
            reach.gap = "few_targeted"

    variables = {v["key"]: v for v in published()["variables"]}
    risk_groups = []
    for risk in risk_rows:
        if risk.get("group", "all") != "all":
            continue
        variable = variables.get(risk["variable"], {})
        category = next(
            (c for c in variable.get("categories", []) if c["key"] == risk["category"]), {}
        )
        label = f"{variable.get(label_key, risk['variable'])}: {category.get(label_key, '')}"
        special = RISK_TO_SPECIAL.get((risk["variable"], risk["category"]), ())
        reached = [r for r in rows if r.special & set(special)]
        reach = _reach(f"{risk['variable']}/{risk['category']}", label, reached, lambda r: True)
        reach.severe_pct = _number(risk.get("severe_pct"))
        reach.severe_or = _number(risk.get("severe_or"))
        reach.gap = "none_targeted" if not reached else ""
        risk_groups.append(reach)

    postcodes = []
    for code in settings.COVERAGE_POSTCODES:
        serving = [r for r in rows if service_areas.serves(r.initiative, code)]
        reach = _reach(code, code, serving, lambda r: True)
        reach.located = sum(code in r.postcodes for r in serving)
        reach.gap = "none_here" if not reach.count else ("" if reach.located else "no_place_here")
        postcodes.append(reach)
    types = list(terms(Taxonomy.INITIATIVE_TYPE))
    for reach in (*target_groups, *age_groups, *risk_groups, *postcodes):
        reach.by_type = [reach.types.get(t.code, 0) for t in types]
    return Coverage(
        target_groups=target_groups,
        age_groups=age_groups,
        risk_groups=risk_groups,
        postcodes=postcodes,
        types=types,
        without_place=sum(not r.postcodes for r in rows),
        survey=bool(table1),
    )


CSV_COLUMNS = (
    "section",
    "key",
    "label",
    "initiatives",
    "targeted",
    "meeting_place",
    "online_phone",
    "mentor_selfhelp_counselling",
    "visiting_safety_call",
    "social_activity",
    "postcodes",
    "severe_pct",
    "moderate_pct",
    "severe_or",
    "gap",
    "located",
)


def csv_rows(cover: Coverage):
    sections = (
        ("target_group", cover.target_groups),
        ("age_group", cover.age_groups),
        ("risk_group", cover.risk_groups),
        ("postcode", cover.postcodes),
    )
    for section, reaches in sections:
        for r in reaches:
            yield {
                "section": section,
                "key": r.key,
                "label": r.label,
                "initiatives": r.count,
                "targeted": r.targeted,
                **{t: r.types.get(t, 0) for t in CSV_COLUMNS[5:10]},
                "postcodes": " ".join(sorted(r.postcodes)),
                "severe_pct": "" if r.severe_pct is None else round(r.severe_pct, 1),
                "moderate_pct": "" if r.moderate_pct is None else round(r.moderate_pct, 1),
                "severe_or": "" if r.severe_or is None else round(r.severe_or, 2),
                "gap": r.gap,
                "located": r.located if section == "postcode" else "",
            }
