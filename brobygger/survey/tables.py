"""The report's tables as the output contract defines them (codebook-format.md).

Table 1 (loneliness by age group), Table 2 (prevalence and adjusted odds ratios for the whole
population, moderate and severe), Table 3 (severe, per age group), Bilag 1 (the study
population by group), and the risk groups (Table 2 categories with OR >= risk_or and p < alpha).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brobygger.survey.estimators import proportion_ci
from brobygger.survey.models import AGE, Cells, ModelEffects, cells_of, fit_model
from brobygger.survey.prepare import MODERATE, NOT_LONELY, SEVERE, AnalysisData

ALL = "all"

TABLE1_COLUMNS = [
    "group",
    "n",
    "not_pct",
    "moderate_pct",
    "severe_pct",
    "severe_pct_low",
    "severe_pct_high",
    "note",
]
TABLE2_COLUMNS = [
    "group",
    "variable",
    "category",
    "reference",
    "n",
    "moderate_pct",
    "moderate_or",
    "moderate_or_low",
    "moderate_or_high",
    "moderate_p",
    "severe_pct",
    "severe_or",
    "severe_or_low",
    "severe_or_high",
    "severe_p",
    "suppressed",
    "note",
]
TABLE3_COLUMNS = [
    "group",
    "variable",
    "category",
    "reference",
    "n",
    "severe_pct",
    "severe_or",
    "severe_or_low",
    "severe_or_high",
    "severe_p",
    "suppressed",
    "note",
]
BILAG1_COLUMNS = ["group", "variable", "category", "n", "pct"]
RISK_COLUMNS = [
    "group",
    "variable",
    "category",
    "severe_pct",
    "severe_or",
    "severe_or_low",
    "severe_or_high",
    "severe_p",
    "people",
    "note",
]


def group_masks(data: AnalysisData) -> list[tuple[str, np.ndarray]]:
    groups = [(ALL, np.ones(data.n, dtype=bool))]
    for g, spec in enumerate(data.codebook.age.groups):
        groups.append((spec.key, data.group == g))
    return groups


def _notes(*parts: tuple[str, str]) -> str:
    """The note column: which estimates of the row come from a fit that is not sound."""
    return "; ".join(f"{what}: {problem}" for what, problem in parts if problem)


def table1(data: AnalysisData) -> list[dict]:
    level = data.codebook.options.level
    severe = (data.band == SEVERE).astype(float)
    rows = []
    for key, in_group in group_masks(data):
        domain = in_group & data.scored
        n = int(domain.sum())
        row: dict = {"group": key, "n": n}
        if n == 0:
            rows.append(row)
            continue
        ci = proportion_ci(data.design, severe, domain, method="logit", level=level)
        by_band = np.bincount(data.band[domain], weights=data.design.weights[domain], minlength=3)
        pct = 100 * by_band / by_band.sum()
        row.update(
            not_pct=float(pct[NOT_LONELY]),
            moderate_pct=float(pct[MODERATE]),
            severe_pct=float(pct[SEVERE]),
            severe_pct_low=100 * ci.low,
            severe_pct_high=100 * ci.high,
            note=_notes(("severe_pct interval", ci.problem)),
            severe_problem=bool(ci.problem),
        )
        rows.append(row)
    return rows


def _effect_fields(prefix: str, model: ModelEffects, variable: str, category: str, is_ref: bool):
    if variable not in model.entered and variable != AGE:
        return {}
    if is_ref:
        return {f"{prefix}_or": 1.0}
    effect = model.get(variable, category)
    if effect is None:
        return {}
    odds, low, high, p = effect
    return {
        f"{prefix}_or": odds,
        f"{prefix}_or_low": low,
        f"{prefix}_or_high": high,
        f"{prefix}_p": p,
    }


CategorySums = dict[tuple[str, str], dict[str, np.ndarray]]


def category_sums(data: AnalysisData) -> CategorySums:
    """(covariate, group) -> per category, among respondents with a score: respondents
    ("n"), weight ("w"), and the weight of the moderately and severely lonely. One bincount
    per covariate over (age group, category, band); computed once for Tables 2-3 and Bilag 1."""
    groups = data.codebook.age.groups
    keys = [g.key for g in groups]
    weights = data.design.weights
    out: CategorySums = {}
    for cov in data.codebook.covariates:
        codes, k = data.covariates[cov.name], len(cov.categories)
        rows = data.scored & (codes >= 0)
        index = ((data.group[rows] + 1) * k + codes[rows]) * 3 + data.band[rows]
        size = (len(groups) + 1) * k * 3
        w = np.bincount(index, weights=weights[rows], minlength=size).reshape(-1, k, 3)
        n = np.bincount(index, minlength=size).reshape(-1, k, 3)
        for key, (wg, ng) in [(ALL, (w.sum(axis=0), n.sum(axis=0)))] + [
            (keys[g], (w[g + 1], n[g + 1])) for g in range(len(groups))
        ]:
            out[(cov.name, key)] = {
                "n": ng.sum(axis=1),
                "w": wg.sum(axis=1),
                "moderate": wg[:, MODERATE],
                "severe": wg[:, SEVERE],
            }
    return out


def _category_rows(
    data: AnalysisData, group: str, sums_by: CategorySums, models: dict[str, ModelEffects]
) -> list[dict]:
    """One row per covariate category with respondents in the group (age first)."""
    min_cell = data.codebook.options.min_cell
    rows = [
        {"group": group, "variable": AGE, "category": "", "reference": False, "suppressed": False}
    ]
    for prefix, model in models.items():
        rows[0].update(_effect_fields(prefix, model, AGE, "", False))
    _mark(rows[0], models)
    for cov in data.codebook.covariates:
        sums = sums_by[(cov.name, group)]
        for k, category in enumerate(cov.categories):
            n = int(sums["n"][k])
            if n == 0:
                continue
            row = {
                "group": group,
                "variable": cov.name,
                "category": category.name,
                "reference": category.reference,
                "n": n,
                "suppressed": n <= min_cell,
            }
            if not row["suppressed"]:
                for prefix, model in models.items():
                    row[f"{prefix}_pct"] = 100 * float(sums[prefix][k] / sums["w"][k])
                    row.update(
                        _effect_fields(prefix, model, cov.name, category.name, category.reference)
                    )
                _mark(row, models)
            rows.append(row)
    return rows


def _mark(row: dict, models: dict[str, ModelEffects]) -> None:
    """Flag the estimates of a fit that did not converge or hit separation: the note column
    says which, and ``<prefix>_problem`` lets the report mark the number."""
    parts = []
    for prefix, model in models.items():
        if model.problem and f"{prefix}_p" in row:
            row[f"{prefix}_problem"] = True
            parts.append((f"{prefix} model", model.problem))
    row["note"] = _notes(*parts)


@dataclass
class Tables:
    table1: list[dict]
    table2: list[dict]
    table3: list[dict]
    bilag1: list[dict]
    risk_groups: list[dict]
    models: dict[tuple[str, str], ModelEffects]

    @property
    def warnings(self) -> list[str]:
        """One line per fit whose numbers are marked (the CLI prints them on stderr)."""
        lines = [
            f"the {outcome} model of group {group} {_PROBLEMS[model.problem]}: its odds ratios "
            "and p-values are marked in the note column and the report"
            for (group, outcome), model in self.models.items()
            if model.problem
        ]
        lines += [
            f"the interval of severe_pct in group {row['group']} comes from a fit that "
            f"{_PROBLEMS[row['note'].split(': ', 1)[1]]}"
            for row in self.table1
            if row.get("note")
        ]
        return lines


_PROBLEMS = {
    "not converged": "did not converge",
    "separation": "hit separation (fitted probabilities of 0 or 1: a category without cases)",
}


MODEL_OUTCOMES = {"severe": SEVERE, "moderate": MODERATE}


def model_specs(data: AnalysisData) -> list[tuple[str, str]]:
    """(group, outcome) of every model: moderate and severe for all, severe per age group."""
    specs = [(ALL, "severe"), (ALL, "moderate")]
    return specs + [(key, "severe") for key, _mask in group_masks(data)[1:]]


def fit_models(data: AnalysisData, progress) -> dict[tuple[str, str], ModelEffects]:
    masks = dict(group_masks(data))
    level = data.codebook.options.level
    cells: Cells = cells_of(data)
    fitted = {}
    for group, outcome in model_specs(data):
        fitted[(group, outcome)] = fit_model(
            data, cells, masks[group], MODEL_OUTCOMES[outcome], level
        )
        progress(f"{group}/{outcome}")
    return fitted


def build_tables(data: AnalysisData, progress=None) -> Tables:
    """Every table of the contract. ``progress(step)`` is called after each model."""
    tick = progress or (lambda _step: None)
    models = fit_models(data, tick)
    t1 = table1(data)
    tick("table1")
    sums = category_sums(data)
    t2 = _category_rows(
        data, ALL, sums, {"moderate": models[(ALL, "moderate")], "severe": models[(ALL, "severe")]}
    )
    t3 = []
    for key, _in_group in group_masks(data)[1:]:
        t3 += _category_rows(data, key, sums, {"severe": models[(key, "severe")]})
    return Tables(t1, t2, t3, bilag1(data, sums), risk_groups(data, t2, sums), models)


def bilag1(data: AnalysisData, sums_by: CategorySums) -> list[dict]:
    """Each group's respondents (with a score) by covariate category: n and weighted %
    (of those in the group with a known value of the covariate)."""
    rows = []
    for key, _in_group in group_masks(data):
        for cov in data.codebook.covariates:
            sums = sums_by[(cov.name, key)]
            known = sums["w"].sum()
            for k, category in enumerate(cov.categories):
                rows.append(
                    {
                        "group": key,
                        "variable": cov.name,
                        "category": category.name,
                        "n": int(sums["n"][k]),
                        "pct": 100 * float(sums["w"][k] / known) if known > 0 else None,
                    }
                )
    return rows


def people(data: AnalysisData, sums_by: CategorySums, row: dict) -> float | None:
    """Severely lonely people in a category (the contract's ``people``): the population ×
    the category's weighted share of the scored respondents with a known value (of the whole
    population, so a group's own size is included) × the category's severe prevalence."""
    population, pct = data.codebook.population, row.get("severe_pct")
    if not population or pct is None:
        return None
    cov = next(c for c in data.codebook.covariates if c.name == row["variable"])
    k = [c.name for c in cov.categories].index(row["category"])
    whole = sums_by[(cov.name, ALL)]["w"].sum()
    if whole <= 0:
        return None
    share = sums_by[(cov.name, row["group"])]["w"][k] / whole
    return float(population * share * pct / 100)


def risk_groups(data: AnalysisData, table2_rows: list[dict], sums_by: CategorySums) -> list[dict]:
    """Table 2 categories whose adjusted OR for severe loneliness is >= risk_or with p < alpha."""
    options = data.codebook.options
    out = []
    for row in table2_rows:
        if row["variable"] == AGE or row.get("reference") or row.get("suppressed"):
            continue
        odds, p = row.get("severe_or"), row.get("severe_p")
        if odds is None or p is None or odds < options.risk_or or p >= options.alpha:
            continue
        pct = row.get("severe_pct")
        out.append(
            {
                "group": row["group"],
                "variable": row["variable"],
                "category": row["category"],
                "severe_pct": pct,
                "severe_or": odds,
                "severe_or_low": row.get("severe_or_low"),
                "severe_or_high": row.get("severe_or_high"),
                "severe_p": p,
                "people": people(data, sums_by, row),
                "note": row.get("note", ""),
                "severe_problem": row.get("severe_problem", False),
            }
        )
    return out
