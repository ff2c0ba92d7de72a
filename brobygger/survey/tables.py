"""The report's tables as the output contract defines them (codebook-format.md).

Table 1 (loneliness by age group), Table 2 (prevalence and adjusted odds ratios for the whole
population, moderate and severe), Table 3 (severe, per age group), Bilag 1 (the study
population by group), and the risk groups (Table 2 categories with OR >= risk_or and p < alpha).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from brobygger.survey.estimators import LogisticResult, logistic, proportion_ci, weighted_share
from brobygger.survey.prepare import MODERATE, NOT_LONELY, SEVERE, AnalysisData

ALL = "all"
AGE = "age"

TABLE1_COLUMNS = [
    "group",
    "n",
    "not_pct",
    "moderate_pct",
    "severe_pct",
    "severe_pct_low",
    "severe_pct_high",
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
]


@dataclass
class ModelEffects:
    """Odds ratios of one fitted model, by (variable, category); age under ("age", "")."""

    result: LogisticResult | None
    entered: set[str] = field(default_factory=set)
    effects: dict[tuple[str, str], tuple[float, float, float, float]] = field(default_factory=dict)

    def get(self, variable: str, category: str):
        return self.effects.get((variable, category))


def group_masks(data: AnalysisData) -> list[tuple[str, np.ndarray]]:
    groups = [(ALL, np.ones(data.n, dtype=bool))]
    for g, spec in enumerate(data.codebook.age.groups):
        groups.append((spec.key, data.group == g))
    return groups


def fit_model(data: AnalysisData, in_group: np.ndarray, outcome: int, level: float) -> ModelEffects:
    """Outcome band vs. not lonely, on complete cases, age continuous, every covariate whose
    reference category and at least one other category occur among the model's rows."""
    rows = in_group & np.isin(data.band, (NOT_LONELY, outcome)) & ~np.isnan(data.age)
    for codes in data.covariates.values():
        rows &= codes >= 0
    if not rows.any():
        return ModelEffects(None)
    columns = [np.ones(data.n), np.nan_to_num(data.age)]
    names = [("(Intercept)", ""), (AGE, "")]
    entered: set[str] = set()
    for cov in data.codebook.covariates:
        codes = data.covariates[cov.name]
        present = set(np.unique(codes[rows]).tolist())
        ref = next(k for k, c in enumerate(cov.categories) if c.reference)
        if ref not in present or len(present) < 2:
            continue
        entered.add(cov.name)
        for k, category in enumerate(cov.categories):
            if k != ref and k in present:
                columns.append((codes == k).astype(float))
                names.append((cov.name, category.name))
    x = np.column_stack(columns)
    y = (data.band == outcome).astype(float)
    labels = [f"{v}:{c}" for v, c in names]
    result = logistic(data.design, y, x, domain=rows, names=labels)
    low, high = result.confint(level)
    effects = {}
    for i, label in enumerate(result.names):
        variable, level_name = names[labels.index(label)]
        if variable != "(Intercept)":
            effects[(variable, level_name)] = (
                float(np.exp(result.coef[i])),
                float(np.exp(low[i])),
                float(np.exp(high[i])),
                float(result.p[i]),
            )
    return ModelEffects(result, entered, effects)


def _pct(data: AnalysisData, band: int, domain: np.ndarray) -> float:
    return 100 * weighted_share(data.design.weights, (data.band == band).astype(float), domain)


def table1(data: AnalysisData) -> list[dict]:
    level = data.codebook.options.level
    severe = (data.band == SEVERE).astype(float)
    rows = []
    for key, in_group in group_masks(data):
        domain = in_group & data.scored
        n = int(domain.sum())
        row = {"group": key, "n": n}
        if n == 0:
            rows.append(row)
            continue
        ci = proportion_ci(data.design, severe, domain, method="logit", level=level)
        row.update(
            not_pct=_pct(data, NOT_LONELY, domain),
            moderate_pct=_pct(data, MODERATE, domain),
            severe_pct=_pct(data, SEVERE, domain),
            severe_pct_low=100 * ci.low,
            severe_pct_high=100 * ci.high,
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


def _category_rows(
    data: AnalysisData, group: str, in_group: np.ndarray, models: dict[str, ModelEffects]
) -> list[dict]:
    """One row per covariate category with respondents in the group (age first)."""
    min_cell = data.codebook.options.min_cell
    rows = [
        {"group": group, "variable": AGE, "category": "", "reference": False, "suppressed": False}
    ]
    for prefix, model in models.items():
        rows[0].update(_effect_fields(prefix, model, AGE, "", False))
    for cov in data.codebook.covariates:
        codes = data.covariates[cov.name]
        for k, category in enumerate(cov.categories):
            domain = in_group & data.scored & (codes == k)
            n = int(domain.sum())
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
                    row[f"{prefix}_pct"] = _pct(
                        data, SEVERE if prefix == "severe" else MODERATE, domain
                    )
                    row.update(
                        _effect_fields(prefix, model, cov.name, category.name, category.reference)
                    )
            rows.append(row)
    return rows


@dataclass
class Tables:
    table1: list[dict]
    table2: list[dict]
    table3: list[dict]
    bilag1: list[dict]
    risk_groups: list[dict]
    models: dict[tuple[str, str], ModelEffects]


def build_tables(data: AnalysisData, progress=None) -> Tables:
    """Every table of the contract. ``progress(step)`` is called after each model."""
    level = data.codebook.options.level
    tick = progress or (lambda _step: None)
    groups = group_masks(data)
    models: dict[tuple[str, str], ModelEffects] = {}
    for outcome_name, outcome in (("severe", SEVERE), ("moderate", MODERATE)):
        models[(ALL, outcome_name)] = fit_model(data, groups[0][1], outcome, level)
        tick(f"{ALL}/{outcome_name}")
    for key, in_group in groups[1:]:
        models[(key, "severe")] = fit_model(data, in_group, SEVERE, level)
        tick(f"{key}/severe")
    t1 = table1(data)
    tick("table1")
    t2 = _category_rows(
        data,
        ALL,
        groups[0][1],
        {"moderate": models[(ALL, "moderate")], "severe": models[(ALL, "severe")]},
    )
    t3 = []
    for key, in_group in groups[1:]:
        t3 += _category_rows(data, key, in_group, {"severe": models[(key, "severe")]})
    return Tables(t1, t2, t3, bilag1(data), risk_groups(data, t2), models)


def bilag1(data: AnalysisData) -> list[dict]:
    """Each group's respondents (with a score) by covariate category: n and weighted %."""
    rows = []
    for key, in_group in group_masks(data):
        base = in_group & data.scored
        for cov in data.codebook.covariates:
            codes = data.covariates[cov.name]
            known = base & (codes >= 0)
            for k, category in enumerate(cov.categories):
                domain = base & (codes == k)
                pct = (
                    100 * weighted_share(data.design.weights, (codes == k).astype(float), known)
                    if known.any()
                    else None
                )
                rows.append(
                    {
                        "group": key,
                        "variable": cov.name,
                        "category": category.name,
                        "n": int(domain.sum()),
                        "pct": pct,
                    }
                )
    return rows


def risk_groups(data: AnalysisData, table2_rows: list[dict]) -> list[dict]:
    """Table 2 categories whose adjusted OR for severe loneliness is >= risk_or with p < alpha."""
    options, population = data.codebook.options, data.codebook.population
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
                "people": pct / 100 * population if (population and pct is not None) else None,
            }
        )
    return out
