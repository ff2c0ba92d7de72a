"""The report's regression models: outcome band against not lonely, on complete cases, age
continuous, every covariate whose reference category and at least one other category occur
among the model's rows (codebook-format.md).

The rows are grouped once per analysis into cells: respondents with the same age and the same
category of every covariate have the same row of the design matrix, so every model's design
matrix is built per cell (a few thousand lines), never per respondent, and the fit and its
variance run on cell sums (:func:`brobygger.survey.estimators.logistic_cells`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from brobygger.survey.estimators import LogisticResult, first_of_each, logistic_cells
from brobygger.survey.prepare import NOT_LONELY, AnalysisData

AGE = "age"


@dataclass
class ModelEffects:
    """Odds ratios of one fitted model, by (variable, category); age under ("age", "")."""

    result: LogisticResult | None
    entered: set[str] = field(default_factory=set)
    effects: dict[tuple[str, str], tuple[float, float, float, float]] = field(default_factory=dict)

    def get(self, variable: str, category: str):
        return self.effects.get((variable, category))

    @property
    def problem(self) -> str:
        """Why the fit's numbers cannot be taken as they stand ("" when they can)."""
        return self.result.problem if self.result is not None else ""


@dataclass
class Cells:
    """Every complete case's cell, and per cell its age and covariate categories."""

    complete: np.ndarray  # per row: age and every covariate known
    cell: np.ndarray  # per row: cell index (-1 unless complete)
    age: np.ndarray  # per cell
    codes: dict[str, np.ndarray]  # per cell: category index of each covariate
    count: int


def cells_of(data: AnalysisData) -> Cells:
    """Group the complete cases by (age, every covariate's category): one hash pass."""
    complete = ~np.isnan(data.age)
    for codes in data.covariates.values():
        complete &= codes >= 0
    rows = np.flatnonzero(complete)
    age_code, _ages = pd.factorize(data.age[rows])
    key = age_code.astype(np.int64)
    size = int(key.max()) + 1 if key.size else 1
    for cov in data.codebook.covariates:
        levels = len(cov.categories)
        if size * levels >= 2**62:  # too many combinations for one integer: renumber first
            key, uniques = pd.factorize(key)
            size = len(uniques)
        key = key * levels + data.covariates[cov.name][rows]
        size *= levels
    cell_rows, first = first_of_each(key)
    cell = np.full(data.n, -1, dtype=np.int64)
    cell[rows] = cell_rows
    firsts = rows[first]
    per_cell = {name: values[firsts] for name, values in data.covariates.items()}
    return Cells(complete, cell, data.age[firsts], per_cell, len(first))


def fit_model(
    data: AnalysisData, cells: Cells, in_group: np.ndarray, outcome: int, level: float
) -> ModelEffects:
    """One model: ``outcome`` band against not lonely among the complete cases in the group."""
    rows = np.flatnonzero(
        in_group & cells.complete & ((data.band == NOT_LONELY) | (data.band == outcome))
    )
    if rows.size == 0:
        return ModelEffects(None)
    cell = cells.cell[rows]
    in_model = np.bincount(cell, minlength=cells.count) > 0
    columns = [np.ones(cells.count), cells.age]
    names = [("(Intercept)", ""), (AGE, "")]
    entered: set[str] = set()
    for cov in data.codebook.covariates:
        codes = cells.codes[cov.name]
        present = set(np.flatnonzero(np.bincount(codes[in_model], minlength=len(cov.categories))))
        ref = next(k for k, c in enumerate(cov.categories) if c.reference)
        if ref not in present or len(present) < 2:
            continue
        entered.add(cov.name)
        for k, category in enumerate(cov.categories):
            if k != ref and k in present:
                columns.append((codes == k).astype(float))
                names.append((cov.name, category.name))
    # only the cells of this model: fewer lines for the iterations and the variance
    used = np.flatnonzero(in_model)
    local = np.zeros(cells.count, dtype=np.int64)
    local[used] = np.arange(used.size)
    xc = np.column_stack(columns)[used]
    y = (data.band[rows] == outcome).astype(float)
    labels = [f"{v}:{c}" for v, c in names]
    result = logistic_cells(data.design, y, rows, local[cell], xc, names=labels)
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


__all__ = ["AGE", "Cells", "ModelEffects", "cells_of", "fit_model"]
