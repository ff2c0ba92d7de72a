"""A survey design declared once and passed to every estimator (as R's ``svydesign``).

Variance is by Taylor linearisation: an estimator hands over its influence functions (one row
per respondent, zero outside the domain) and ``SurveyDesign.variance`` adds up their PSU totals
stratum by stratum, with the finite population correction and, for multistage designs with an
fpc at every stage, the later stages' contributions — R ``survey``'s ``svyrecvar``
(Lumley 2004, *J Stat Softw* 9(8); Lumley 2010, *Complex Surveys*, ch. 2-3).

Subgroups are domains of the whole design: their rows keep their PSUs and strata and merely
carry zero influence, never a new design built from the subset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from brobygger.survey.errors import SurveyError

LONELY_PSU = ("fail", "remove", "adjust", "certainty")


def _codes(values) -> np.ndarray:
    """Integer codes 0..k-1 for any labels (order of first appearance irrelevant)."""
    _uniques, codes = np.unique(np.asarray(values), return_inverse=True)
    return codes.astype(np.int64)


def _sum_by(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Column sums of ``values`` by ``index`` (one bincount per column: fast and exact)."""
    return np.column_stack(
        [np.bincount(index, weights=values[:, j], minlength=size) for j in range(values.shape[1])]
    )


def _combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Codes for the pairs (a, b)."""
    return _codes(a.astype(np.int64) * (int(b.max()) + 1 if b.size else 1) + b)


@dataclass
class _Stage:
    group: np.ndarray  # per row: stratum within parent unit (codes)
    unit: np.ndarray  # per row: this stage's sampling unit within the group (codes)
    n_units: np.ndarray  # per group: number of units sampled (whole design)
    pop_units: np.ndarray | None  # per group: population size N, or None (no fpc)
    strata_labels: np.ndarray  # per group: a label for messages


@dataclass
class SurveyDesign:
    """Weights, strata, PSUs (one or more stages) and fpc of a survey.

    Parameters
    ----------
    weights : array (n,)
        Sampling weights, > 0. ``None`` computes them from the fpc of every stage.
    strata : array (n,) or sequence of arrays (one per stage), optional
    clusters : array (n,) or sequence of arrays (one per stage), optional
        Sampling units; none means each row is its own PSU (R ``ids = ~1``).
    fpc : array (n,) or sequence per stage, optional
        Population size of the stratum (> 1) or sampling fraction (<= 1), as in R.
    lonely_psu : {"fail", "remove", "adjust", "certainty"}
        What a stratum with a single PSU contributes (R ``options(survey.lonely.psu)``).
    """

    weights: np.ndarray  # None computes them from the fpc of every stage
    strata: object = None
    clusters: object = None
    fpc: object = None
    lonely_psu: str = "fail"
    stages: list[_Stage] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.lonely_psu not in LONELY_PSU:
            raise SurveyError(f"lonely_psu must be one of {', '.join(LONELY_PSU)}")
        clusters = self._per_stage(self.clusters)
        n = self._n(clusters)
        if not clusters:
            clusters = [np.arange(n)]
        strata = self._per_stage(self.strata) or [np.zeros(n, dtype=np.int64)]
        fpcs = self._per_stage(self.fpc)
        n_stages = len(clusters)
        strata += [np.zeros(n, dtype=np.int64)] * (n_stages - len(strata))
        self.stages = []
        parent = np.zeros(n, dtype=np.int64)
        for k in range(n_stages):
            stratum_labels = np.asarray(strata[k])
            group = _combine(parent, _codes(stratum_labels))
            unit = _combine(group, _codes(np.asarray(clusters[k])))
            n_groups = int(group.max()) + 1
            first_unit = np.unique(unit, return_index=True)[1]
            n_units = np.bincount(group[first_unit], minlength=n_groups).astype(float)
            pop = None
            if k < len(fpcs) and fpcs[k] is not None:
                pop = self._population(np.asarray(fpcs[k], dtype=float), group, n_units)
            label = np.empty(n_groups, dtype=object)
            label[group] = stratum_labels
            self.stages.append(_Stage(group, unit, n_units, pop, label))
            parent = unit
        if self.weights is None:
            self.weights = 1.0 / self._probabilities()
        self.weights = np.asarray(self.weights, dtype=float)
        if self.weights.shape != (n,):
            raise SurveyError("weights must have one value per respondent")

    @staticmethod
    def _per_stage(value) -> list:
        if value is None:
            return []
        if (
            isinstance(value, Sequence)
            and not isinstance(value, str | bytes)
            and len(value)
            and (np.ndim(value[0]) == 1)
        ):
            return [np.asarray(v) for v in value]
        return [np.asarray(value)]

    def _n(self, clusters) -> int:
        for candidate in (self.weights, *(clusters or []), *self._per_stage(self.strata)):
            if candidate is not None:
                return len(candidate)
        raise SurveyError("a design needs weights, clusters or strata")

    @staticmethod
    def _population(fpc: np.ndarray, group: np.ndarray, n_units: np.ndarray) -> np.ndarray:
        pop = np.full(n_units.shape, np.nan)
        pop[group] = fpc
        if np.any(np.isnan(pop)) or np.any(pop <= 0):
            raise SurveyError("fpc must be positive and constant within each stratum")
        # R: values <= 1 are sampling fractions, larger ones population sizes
        pop = np.where(pop <= 1, n_units / pop, pop)
        if np.any(pop < n_units - 1e-9):
            raise SurveyError("fpc is smaller than the number of sampled units in a stratum")
        return pop

    def _probabilities(self) -> np.ndarray:
        prob = np.ones(len(self.stages[0].group))
        for stage in self.stages:
            if stage.pop_units is None:
                raise SurveyError("weights are required unless every stage has an fpc")
            prob *= (stage.n_units / stage.pop_units)[stage.group]
        return prob

    @property
    def n(self) -> int:
        return len(self.weights)

    def degrees_of_freedom(self, domain: np.ndarray | None = None) -> int:
        """PSUs minus strata among the rows with positive weight in the domain (R ``degf``)."""
        inset = self.weights > 0
        if domain is not None:
            inset &= domain
        first = self.stages[0]
        return int(len(np.unique(first.unit[inset])) - len(np.unique(first.group[inset])))

    # --- variance --------------------------------------------------------------------------

    def variance(self, influence: np.ndarray) -> np.ndarray:
        """Covariance matrix of a total whose influence functions are the rows of ``influence``.

        Rows outside the domain must be zero; PSU counts come from the whole design.
        """
        x = np.asarray(influence, dtype=float)
        if x.ndim == 1:
            x = x[:, None]
        p = x.shape[1]
        total = np.zeros((p, p))
        weight_of_rows = np.ones(x.shape[0])  # product of earlier stages' sampling fractions
        for k, stage in enumerate(self.stages):
            total += self._stage_variance(x, stage, weight_of_rows)
            if stage.pop_units is None or k + 1 == len(self.stages):
                break
            weight_of_rows = weight_of_rows * (stage.n_units / stage.pop_units)[stage.group]
        return total

    def _stage_variance(self, x: np.ndarray, stage: _Stage, row_factor: np.ndarray) -> np.ndarray:
        n_units_total = int(stage.unit.max()) + 1
        unit_totals = _sum_by(stage.unit, x, n_units_total)
        unit_group = np.zeros(n_units_total, dtype=np.int64)
        unit_group[stage.unit] = stage.group
        unit_factor = np.zeros(n_units_total)
        unit_factor[stage.unit] = row_factor
        n_h = stage.n_units
        if stage.pop_units is None:
            f = np.ones_like(n_h)
        else:
            f = np.where(np.isinf(stage.pop_units), 1.0, (stage.pop_units - n_h) / stage.pop_units)
        group_sums = _sum_by(unit_group, unit_totals, len(n_h))
        means = group_sums / n_h[:, None]
        lonely = n_h == 1
        self_representing = f < 1e-7
        centred = unit_totals - means[unit_group]
        if self.lonely_psu == "adjust":
            # R centres a lonely PSU on zero (the grand mean of estimating functions)
            centred = np.where(lonely[unit_group][:, None], unit_totals, centred)
        elif np.any(lonely & ~self_representing) and self.lonely_psu == "fail":
            labels = stage.strata_labels[lonely & ~self_representing]
            raise SurveyError(
                f"stratum {labels[0]} has only one PSU (set design.lonely_psu to remove, adjust "
                "or certainty)"
            )
        scale = np.where(n_h > 1, f * n_h / np.maximum(n_h - 1, 1), f)
        scale = np.where(self_representing, 0.0, scale)
        if self.lonely_psu in ("remove", "certainty"):
            scale = np.where(lonely, 0.0, scale)
        w = scale[unit_group] * unit_factor
        weighted = centred * np.sqrt(w)[:, None]
        return weighted.T @ weighted
