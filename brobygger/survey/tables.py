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
    cells = _cells(data, sorted(entered))
    result = logistic(data.design, y, x, domain=rows, names=labels, cells=cells)
    low, high = result.confint(level)
    effects = {}
    with np.errstate(over="ignore"):  # a separated category's OR is infinite, honestly
        odds, odds_low, odds_high = np.exp(result.coef), np.exp(low), np.exp(high)
    for i, label in enumerate(result.names):
        variable, level_name = names[labels.index(label)]
        if variable != "(Intercept)":
            effects[(variable, level_name)] = (
                float(odds[i]),
                float(odds_low[i]),
                float(odds_high[i]),
                float(result.p[i]),
            )
    return ModelEffects(result, entered, effects)


def _cells(data: AnalysisData, covariates: list[str]) -> np.ndarray:
    """Rows with the same age and the same categories of these covariates share a cell."""
    _ages, key = np.unique(np.nan_to_num(data.age, nan=-1.0), return_inverse=True)
    key = key.astype(np.int64)
    size = int(key.max()) + 1
    for name in covariates:
        levels = len(next(c for c in data.codebook.covariates if c.name == name).categories) + 1
        if size * levels >= 2**62:  # too many combinations for one integer: renumber first
            _u, key = np.unique(key, return_inverse=True)
            size = int(key.max()) + 1
        key = key * levels + (data.covariates[name] + 1)
        size *= levels
    return key


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


def _weighted_by_category(
    data: AnalysisData, codes: np.ndarray, base: np.ndarray, k: int
) -> dict[str, np.ndarray]:
    """Per category (0..k-1) of one covariate within ``base``: respondents, weight, and the
    weight of the moderately and severely lonely — one pass over the rows."""
    rows = base & (codes >= 0)
    c, w = codes[rows], data.design.weights[rows]
    band = data.band[rows]
    return {
        "n": np.bincount(c, minlength=k),
        "w": np.bincount(c, weights=w, minlength=k),
        "moderate": np.bincount(c, weights=w * (band == MODERATE), minlength=k),
        "severe": np.bincount(c, weights=w * (band == SEVERE), minlength=k),
    }


CategorySums = dict[tuple[str, str], dict[str, np.ndarray]]


def category_sums(data: AnalysisData) -> CategorySums:
    """(covariate, group) -> per-category sums of respondents with a score (see
    _weighted_by_category); computed once for Tables 2 and 3 and Bilag 1."""
    return {
        (cov.name, key): _weighted_by_category(
            data, data.covariates[cov.name], in_group & data.scored, len(cov.categories)
        )
        for key, in_group in group_masks(data)
        for cov in data.codebook.covariates
    }


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


MODEL_OUTCOMES = {"severe": SEVERE, "moderate": MODERATE}


def model_specs(data: AnalysisData) -> list[tuple[str, str]]:
    """(group, outcome) of every model: moderate and severe for all, severe per age group."""
    specs = [(ALL, "severe"), (ALL, "moderate")]
    return specs + [(key, "severe") for key, _mask in group_masks(data)[1:]]


def fit_models(data: AnalysisData, progress) -> dict[tuple[str, str], ModelEffects]:
    masks = dict(group_masks(data))
    level = data.codebook.options.level
    fitted = {}
    for group, outcome in model_specs(data):
        fitted[(group, outcome)] = fit_model(data, masks[group], MODEL_OUTCOMES[outcome], level)
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
    return Tables(t1, t2, t3, bilag1(data, sums), risk_groups(data, t2), models)


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
