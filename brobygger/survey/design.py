"""A survey design declared once and passed to every estimator (as R's ``svydesign``).

Variance is by Taylor linearisation: an estimator hands over its influence functions (one row
per respondent in the domain) and ``SurveyDesign.variance`` adds up their PSU totals stratum
by stratum, with the finite population correction and, for multistage designs with an fpc at
every stage, the later stages' contributions — R ``survey``'s ``svyrecvar`` (Lumley 2004,
*J Stat Softw* 9(8); Lumley 2010, *Complex Surveys*, ch. 2-3).

Subgroups are domains of the whole design: their rows keep their PSUs and strata, and the
PSUs of a stratum that the domain does not reach count as PSUs with a zero total (as R's
``subset`` of a design does), never a new design built from the subset.

Everything that depends only on the design (codes of strata and units, PSU counts, sampling
fractions) is computed once here; a variance is then one ``bincount`` per stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from brobygger.survey.errors import SurveyError

LONELY_PSU = ("fail", "remove", "adjust", "certainty", "average")


def _factor(values) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes 0..k-1 and the label of each code, for any labels."""
    if isinstance(values, pd.Categorical):
        return values.codes.astype(np.int64), np.asarray(values.categories, dtype=object)
    codes, uniques = pd.factorize(np.asarray(values), sort=True)
    if (codes < 0).any():
        raise SurveyError("design_missing_labels")
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _combine(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> tuple[np.ndarray, int]:
    """Codes for the pairs (a, b) that occur, and how many there are."""
    codes, uniques = pd.factorize(a * size_b + b, sort=True)
    return codes.astype(np.int64), len(uniques)


def _sum_by(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Column sums of ``values`` (k, p) by ``index`` (one bincount per column: fast, exact)."""
    out = np.empty((size, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(index, weights=values[:, j], minlength=size)
    return out


@dataclass
class _Stage:
    number: int  # 1 for the PSUs, 2 for the secondary units, ...
    unit: np.ndarray  # per row: this stage's sampling unit (codes over the whole design)
    n_units_total: int
    unit_group: np.ndarray  # per unit: its stratum within the parent unit (codes)
    group_parent: np.ndarray  # per group: the parent unit (codes of the previous stage)
    n_units: np.ndarray  # per group: number of units sampled (whole design)
    pop_units: np.ndarray | None  # per group: population size N, or None (no fpc)
    strata_labels: np.ndarray  # per group: the stratum's value, for messages
    unit_factor: np.ndarray  # per unit: product of earlier stages' sampling fractions

    @property
    def fraction_kept(self) -> np.ndarray:
        """Per group: the finite population correction (N - n) / N, 1 without an fpc."""
        if self.pop_units is None:
            return np.ones_like(self.n_units)
        pop = self.pop_units
        return np.where(np.isinf(pop), 1.0, (pop - self.n_units) / pop)


@dataclass
class SurveyDesign:
    """Weights, strata, PSUs (one or more stages) and fpc of a survey.

    Parameters
    ----------
    weights : array (n,)
        Sampling weights, > 0. ``None`` computes them from the fpc of every stage.
    strata : array (n,) or sequence of arrays (one per stage), optional
    clusters : array (n,) or sequence of arrays (one per stage), optional
        Sampling units; none means each row is its own PSU (R ``ids = ~1``). Units are
        nested in their strata (R ``nest = TRUE``).
    fpc : array (n,) or sequence of arrays (one per stage), optional
        Population size of the stratum (> 1) or sampling fraction (<= 1), as in R; given for
        every stage of ``clusters`` or for none (R's ``svydesign`` refuses anything between).
    lonely_psu : {"fail", "remove", "adjust", "certainty", "average"}
        What a stratum with a single PSU contributes (R ``options(survey.lonely.psu)``).

    Labels may be ``pandas.Categorical`` (codes with their values: fast, and a message names
    the value).
    """

    weights: np.ndarray  # None computes them from the fpc of every stage
    strata: object = None
    clusters: object = None
    fpc: object = None
    lonely_psu: str = "fail"
    stages: list[_Stage] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.lonely_psu not in LONELY_PSU:
            raise SurveyError("lonely_psu_choice", choices=", ".join(LONELY_PSU))
        clusters = self._per_stage(self.clusters)
        n = self._n(clusters)
        if not clusters:
            clusters = [np.arange(n)]
        strata = self._per_stage(self.strata)
        fpcs = self._per_stage(self.fpc)
        n_stages = len(clusters)
        if len(strata) > n_stages:
            raise SurveyError("strata_stages_design", strata=len(strata), stages=n_stages)
        if fpcs and len(fpcs) != n_stages:
            raise SurveyError("fpc_stages_design", fpcs=len(fpcs), stages=n_stages)
        self.stages = []
        parent, n_parent = np.zeros(n, dtype=np.int64), 1
        factor = np.ones(n)
        for k in range(n_stages):
            if k < len(strata):
                s_codes, s_labels = _factor(strata[k])
            else:
                s_codes, s_labels = np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
            group, n_groups = _combine(parent, n_parent, s_codes, len(s_labels))
            c_codes, c_labels = _factor(clusters[k])
            unit, n_unit = _combine(group, n_groups, c_codes, len(c_labels))
            unit_group = np.zeros(n_unit, dtype=np.int64)
            unit_group[unit] = group
            group_parent = np.zeros(n_groups, dtype=np.int64)
            group_parent[group] = parent
            n_units = np.bincount(unit_group, minlength=n_groups).astype(float)
            pop = None
            if fpcs:
                pop = self._population(np.asarray(fpcs[k], dtype=float), group, n_units, k + 1)
            label = np.empty(n_groups, dtype=object)
            label[group] = s_labels[s_codes]
            unit_factor = np.zeros(n_unit)
            unit_factor[unit] = factor
            self.stages.append(
                _Stage(
                    k + 1,
                    unit,
                    n_unit,
                    unit_group,
                    group_parent,
                    n_units,
                    pop,
                    label,
                    unit_factor,
                )
            )
            if pop is not None:
                factor = factor * (n_units / pop)[group]
            parent, n_parent = unit, n_unit
        if self.weights is None:
            self.weights = 1.0 / self._probabilities()
        self.weights = np.asarray(self.weights, dtype=float)
        if self.weights.shape != (n,):
            raise SurveyError("weights_length")

    @staticmethod
    def _per_stage(value) -> list:
        if value is None:
            return []
        if isinstance(value, list | tuple) and value and hasattr(value[0], "__len__"):
            if isinstance(value[0], str | bytes):
                return [np.asarray(value)]
            return [v if isinstance(v, pd.Categorical) else np.asarray(v) for v in value]
        return [value if isinstance(value, pd.Categorical) else np.asarray(value)]

    def _n(self, clusters) -> int:
        for candidate in (self.weights, *(clusters or []), *self._per_stage(self.strata)):
            if candidate is not None:
                return len(candidate)
        raise SurveyError("design_empty")

    @staticmethod
    def _population(fpc: np.ndarray, group: np.ndarray, n_units: np.ndarray, stage: int):
        if np.isnan(fpc).any() or (fpc <= 0).any():
            raise SurveyError("fpc_not_positive", stage=stage)
        pop = np.zeros(n_units.shape)
        pop[group] = fpc
        if np.any(pop[group] != fpc):
            raise SurveyError("fpc_not_constant", stage=stage)
        # R: values <= 1 are sampling fractions, larger ones population sizes
        pop = np.where(pop <= 1, n_units / pop, pop)
        if np.any(pop < n_units - 1e-9):
            raise SurveyError("fpc_too_small", stage=stage)
        return pop

    def _probabilities(self) -> np.ndarray:
        prob = np.ones(len(self.stages[0].unit))
        for stage in self.stages:
            if stage.pop_units is None:
                raise SurveyError("weights_required")
            prob *= (stage.n_units / stage.pop_units)[stage.unit_group[stage.unit]]
        return prob

    @property
    def n(self) -> int:
        return len(self.weights)

    def _rows(self, domain) -> np.ndarray:
        """Row positions of a domain given as a boolean mask, positions, or None (all)."""
        if domain is None:
            return np.flatnonzero(self.weights > 0)
        domain = np.asarray(domain)
        if domain.dtype == bool:
            return np.flatnonzero(domain & (self.weights > 0))
        return domain

    def degrees_of_freedom(self, domain: np.ndarray | None = None) -> int:
        """PSUs minus strata among the rows with positive weight in the domain (R ``degf``)."""
        first = self.stages[0]
        present = np.bincount(first.unit[self._rows(domain)], minlength=first.n_units_total) > 0
        strata = np.bincount(first.unit_group[present], minlength=len(first.n_units)) > 0
        return int(present.sum() - strata.sum())

    # --- variance --------------------------------------------------------------------------

    def variance(self, influence: np.ndarray, domain: np.ndarray | None = None) -> np.ndarray:
        """Covariance matrix of a total whose influence functions are the rows of ``influence``.

        ``influence`` has a row per respondent (zero outside the domain) or, with ``domain``
        given as row positions, a row per domain row.
        """
        x = np.asarray(influence, dtype=float)
        if x.ndim == 1:
            x = x[:, None]
        if domain is None or np.asarray(domain).dtype == bool:
            rows = self._rows(domain)
            x = x[rows] if x.shape[0] == self.n else x
        else:
            rows = np.asarray(domain)
        return self._variance(lambda stage: _sum_by(stage.unit[rows], x, stage.n_units_total), rows)

    def variance_factored(
        self, basis: np.ndarray, index: np.ndarray, scale: np.ndarray, rows: np.ndarray
    ) -> np.ndarray:
        """The variance for influence ``scale[j] * basis[index[j]]`` on row ``rows[j]``.

        Rows that share a line of ``basis`` (a model's covariate pattern) are totalled per
        (unit, line) in one bincount, then multiplied by the basis: no n × p matrix is formed.
        """
        m = basis.shape[0]

        def totals(stage: _Stage) -> np.ndarray:
            units = stage.unit[rows]
            if stage.n_units_total * m <= 4 * rows.size + 2**20:
                flat = np.bincount(
                    units * m + index, weights=scale, minlength=stage.n_units_total * m
                )
                return flat.reshape(stage.n_units_total, m) @ basis
            from scipy import sparse  # (unit, line) sums of a large basis: sparse

            shape = (stage.n_units_total, m)
            return sparse.csr_matrix((scale, (units, index)), shape=shape) @ basis

        return self._variance(totals, rows)

    def _variance(self, totals, rows: np.ndarray) -> np.ndarray:
        total = None
        for k, stage in enumerate(self.stages):
            part = self._stage_variance(totals(stage), stage, rows)
            total = part if total is None else total + part
            if stage.pop_units is None or k + 1 == len(self.stages):
                break
        assert total is not None
        return total

    def _stage_variance(self, unit_totals: np.ndarray, stage: _Stage, rows: np.ndarray):
        n_groups = len(stage.n_units)
        present_unit = np.bincount(stage.unit[rows], minlength=stage.n_units_total) > 0
        present = np.bincount(stage.unit_group[present_unit], minlength=n_groups) > 0
        n_h = stage.n_units
        f = stage.fraction_kept
        self_representing = f < 1e-7
        lonely = (n_h == 1) & ~self_representing & present
        if self.lonely_psu == "fail" and lonely.any():
            g = int(np.flatnonzero(lonely)[0])
            raise SurveyError(
                "lonely_psu" if stage.number == 1 else "lonely_unit",
                stage=stage.number,
                stratum=str(stage.strata_labels[g]),
            )
        group_sums = _sum_by(stage.unit_group, unit_totals, n_groups)
        means = group_sums / n_h[:, None]
        centred = unit_totals - means[stage.unit_group]
        if self.lonely_psu == "adjust":  # as R: a lonely PSU is not centred (mean taken as 0)
            centred = np.where(lonely[stage.unit_group][:, None], unit_totals, centred)
        scale = np.where(n_h > 1, f * n_h / np.maximum(n_h - 1, 1), f)
        scale = np.where(self_representing, 0.0, scale)
        if self.lonely_psu in ("remove", "certainty", "average"):
            scale = np.where(lonely, 0.0, scale)
        if self.lonely_psu == "average":
            # R: the strata with a variance, scaled up to all the strata of the parent unit
            # that the domain reaches
            n_strata = np.bincount(stage.group_parent, weights=present)
            n_ok = np.bincount(stage.group_parent, weights=present & ~lonely)
            with np.errstate(divide="ignore", invalid="ignore"):  # no stratum left: NaN, as R
                ratio = np.where(n_strata > 0, n_strata / n_ok, 1.0)
            scale = scale * ratio[stage.group_parent]
        w = scale[stage.unit_group] * stage.unit_factor
        return (centred.T * w) @ centred
