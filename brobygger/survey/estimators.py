"""Estimators on a SurveyDesign, checked against R's ``survey`` package (tests/survey).

- ``mean``: weighted mean in a domain with its linearised variance (R ``svymean``);
- ``proportion_ci``: a proportion with R ``svyciprop``'s ``logit`` or ``beta`` (Korn-Graubard)
  interval;
- ``logistic``: design-based logistic regression, as R ``svyglm(family = quasibinomial())``:
  the weighted maximum-likelihood fit (IRLS to convergence) and the sandwich variance
  A⁻¹ B A⁻¹ with B the design variance of the score totals; p-values and Wald intervals on a t
  distribution with the design's residual degrees of freedom (PSUs − strata + 1 − p);
- ``wald_test``: a joint Wald test of several coefficients (R ``regTermTest``, F form).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special
from scipy.special import expit, logit

from brobygger.survey.design import SurveyDesign
from brobygger.survey.errors import SurveyError


@dataclass(frozen=True)
class Estimate:
    estimate: float
    variance: float
    df: int

    @property
    def se(self) -> float:
        return float(np.sqrt(self.variance))


def mean(design: SurveyDesign, y: np.ndarray, domain: np.ndarray | None = None) -> Estimate:
    """Weighted mean of ``y`` over the domain (a boolean mask of the whole sample)."""
    w = design.weights if domain is None else np.where(domain, design.weights, 0.0)
    total_w = w.sum()
    if total_w <= 0:
        raise SurveyError("the domain is empty")
    y = np.asarray(y, dtype=float)
    yz = np.where(w > 0, y, 0.0)
    m = float((w * yz).sum() / total_w)
    influence = w * (yz - m) / total_w
    variance = float(design.variance(influence)[0, 0])
    return Estimate(m, variance, design.degrees_of_freedom(domain))


def weighted_share(weights: np.ndarray, indicator: np.ndarray, domain: np.ndarray) -> float:
    """The point estimate of a proportion in a domain (no variance): fast for table cells."""
    w = weights[domain]
    total = w.sum()
    return float((w * indicator[domain]).sum() / total) if total > 0 else float("nan")


@dataclass(frozen=True)
class ProportionCI:
    proportion: float
    low: float
    high: float


def proportion_ci(
    design: SurveyDesign,
    indicator: np.ndarray,
    domain: np.ndarray | None = None,
    *,
    method: str = "logit",
    level: float = 0.95,
) -> ProportionCI:
    """A proportion with R ``svyciprop``'s interval (``logit`` or ``beta``)."""
    indicator = np.asarray(indicator, dtype=float)
    df = design.degrees_of_freedom(domain)
    if method == "logit":
        fit = logistic(
            design,
            indicator,
            np.ones((design.n, 1)),
            domain=domain,
            names=["p"],
            cells=np.zeros(design.n, dtype=np.int64),
        )
        b, se = fit.coef[0], fit.se[0]
        t = special.stdtrit(df, 1 - (1 - level) / 2)
        return ProportionCI(float(expit(b)), float(expit(b - t * se)), float(expit(b + t * se)))
    if method == "beta":
        est = mean(design, indicator, domain)
        p = est.estimate
        alpha = 1 - level
        n_domain = design.n if domain is None else int(np.count_nonzero(domain))
        n_eff = p * (1 - p) / est.variance
        n_eff *= (special.stdtrit(n_domain - 1, alpha / 2) / special.stdtrit(df, alpha / 2)) ** 2
        low = special.betaincinv(n_eff * p, n_eff * (1 - p) + 1, alpha / 2) if p > 0 else 0.0
        high = special.betaincinv(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2) if p < 1 else 1.0
        return ProportionCI(p, float(low), float(high))
    raise SurveyError(f"unknown interval method {method!r} (logit or beta)")


@dataclass
class LogisticResult:
    """A fitted design-based logistic regression (coefficients on the log-odds scale)."""

    names: list[str]
    coef: np.ndarray
    cov: np.ndarray
    df_residual: int
    n: int
    iterations: int
    aliased: list[str]

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    @property
    def t(self) -> np.ndarray:
        return self.coef / self.se

    @property
    def p(self) -> np.ndarray:
        return 2 * special.stdtr(self.df_residual, -np.abs(self.t))

    def confint(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """Wald intervals on the t distribution with the residual degrees of freedom."""
        q = special.stdtrit(self.df_residual, 1 - (1 - level) / 2)
        return self.coef - q * self.se, self.coef + q * self.se

    def index(self, name: str) -> int:
        return self.names.index(name)


def _independent_columns(x: np.ndarray, tol: float = 1e-7) -> list[int]:
    """Columns kept by a left-to-right rank check (as R's pivoting QR keeps them)."""
    kept: list[int] = []
    q = np.zeros((x.shape[0], 0))
    for j in range(x.shape[1]):
        col = x[:, j]
        norm = np.linalg.norm(col)
        if norm == 0:
            continue
        residual = col - q @ (q.T @ col)
        r = np.linalg.norm(residual)
        if r / norm < tol:
            continue
        kept.append(j)
        q = np.column_stack([q, residual / r])
    return kept


def logistic(
    design: SurveyDesign,
    y: np.ndarray,
    x: np.ndarray,
    *,
    domain: np.ndarray | None = None,
    names: list[str] | None = None,
    cells: np.ndarray | None = None,
    tol: float = 1e-13,
    max_iter: int = 200,
) -> LogisticResult:
    """Design-based logistic regression of ``y`` (0/1) on ``x`` (with its intercept column).

    Rows outside ``domain`` (and rows with a missing value) take no part in the fit but keep
    their place in the design. Columns without support in the domain, or aliased with earlier
    ones, are left out and listed in ``aliased`` (R reports them as NA).

    ``cells`` (optional) labels rows whose ``x`` are identical — for categorical covariates
    and age in whole years, tens of thousands of respondents share a few thousand cells. The
    likelihood depends on a cell only through its sums of w and w·y, so the iterations run on
    cells: the same estimates and the same iteration path, many times faster.
    """
    names = list(names) if names is not None else [f"x{j}" for j in range(x.shape[1])]
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    inside = design.weights > 0
    if domain is not None:
        inside &= domain
    inside &= ~np.isnan(y) & ~np.isnan(x).any(axis=1)
    rows = np.flatnonzero(inside)
    if rows.size == 0:
        raise SurveyError("no respondents to fit the model on")
    # R's prior weights: 1/prob over the mean of 1/prob across the whole design (zeros outside
    # the domain included), so the fit follows R's iteration path as well as its optimum.
    w = design.weights[rows] / (design.weights[rows].sum() / design.n)
    yd = y[rows]
    if cells is None:
        cell = np.arange(rows.size)
        xc = x[rows]
    else:
        _labels, first, cell = np.unique(cells[rows], return_index=True, return_inverse=True)
        xc = x[rows[first]]
    n_cells = xc.shape[0]
    w_cell = np.bincount(cell, weights=w, minlength=n_cells)
    wy_cell = np.bincount(cell, weights=w * yd, minlength=n_cells)
    keep = _independent_columns(xc * np.sqrt(w_cell)[:, None])
    aliased = [names[j] for j in range(x.shape[1]) if j not in keep]
    xc = xc[:, keep]
    kept_names = [names[j] for j in keep]

    # IRLS as R's glm.fit: binomial starting values, convergence on the relative change of
    # the deviance; as in R, the information matrix and the score weights are those of the
    # last weighted least-squares step, the residuals those of the final fit. R's starting
    # values differ row by row, so the first step is summed over rows; after it, a cell's rows
    # share one fitted value. Where a step raises the deviance (large weights in a small domain
    # can make plain IRLS overshoot and diverge), it is halved towards the previous fit; a
    # converging fit never needs this, so it follows R's path exactly.
    mu_start = (w * yd + 0.5) / (w + 1)
    var_start = mu_start * (1 - mu_start)
    z_start = logit(mu_start) + (yd - mu_start) / var_start
    deviance_old = _deviance(yd, mu_start, w)
    ww_rows = w * var_start  # working weights of the latest WLS step, per row
    ww_cell: np.ndarray = np.bincount(cell, weights=ww_rows, minlength=n_cells)
    rhs_cell: np.ndarray = np.bincount(cell, weights=ww_rows * z_start, minlength=n_cells)
    beta_old: np.ndarray | None = None
    beta = np.zeros(xc.shape[1])
    mu_cell = np.zeros(n_cells)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        if iterations > 1:
            var_cell = mu_cell * (1 - mu_cell)
            ww_cell = w_cell * var_cell
            rhs_cell = ww_cell * (xc @ beta) + (wy_cell - w_cell * mu_cell)
            ww_rows = w * var_cell[cell]
        information = (xc.T * ww_cell) @ xc
        beta = _solve(information, xc.T @ rhs_cell)
        mu_cell = expit(xc @ beta)
        deviance = _cell_deviance(wy_cell, w_cell, mu_cell)
        halvings = 0
        while beta_old is not None and _worse(deviance, deviance_old) and halvings < 50:
            beta = (beta + beta_old) / 2
            mu_cell = expit(xc @ beta)
            deviance = _cell_deviance(wy_cell, w_cell, mu_cell)
            halvings += 1
        if abs(deviance - deviance_old) / (abs(deviance) + 0.1) < tol:
            break
        deviance_old = deviance
        beta_old = beta
    a_inv = np.linalg.pinv(information) if _singular(information) else np.linalg.inv(information)
    mu = mu_cell[cell]
    with np.errstate(divide="ignore", invalid="ignore"):  # separated cells: no variance
        working_residuals = (yd - mu) / (mu * (1 - mu))
    influence = np.zeros((design.n, xc.shape[1]))
    influence[rows] = (xc[cell] * (working_residuals * ww_rows)[:, None]) @ a_inv
    cov = design.variance(influence)
    df_residual = design.degrees_of_freedom(inside) + 1 - xc.shape[1]
    return LogisticResult(
        names=kept_names,
        coef=beta,
        cov=cov,
        df_residual=df_residual,
        n=int(rows.size),
        iterations=iterations,
        aliased=aliased,
    )


def _cell_deviance(wy: np.ndarray, w: np.ndarray, mu: np.ndarray) -> float:
    """Binomial deviance from cell sums of w·y and w (equal to the sum over the rows)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(wy > 0, wy * np.log(mu), 0.0) + np.where(
            w - wy > 0, (w - wy) * np.log(1 - mu), 0.0
        )
    return float(-2 * np.sum(terms))


def _singular(matrix: np.ndarray) -> bool:
    return bool(np.linalg.cond(matrix) > 1e14)


def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """The least-squares step; where fitted values have reached 0 or 1 (complete separation),
    the minimum-norm solution keeps the iteration going, as R's glm does with a warning."""
    if _singular(matrix):
        return np.linalg.lstsq(matrix, rhs, rcond=None)[0]
    return np.linalg.solve(matrix, rhs)


def _worse(deviance: float, before: float) -> bool:
    """A step that made the fit clearly worse (not rounding noise near convergence)."""
    return not np.isfinite(deviance) or deviance > before + 1e-6 * (abs(before) + 0.1)


def _deviance(y: np.ndarray, mu: np.ndarray, w: np.ndarray) -> float:
    """Binomial deviance for 0/1 outcomes (infinite where a fitted value reaches 0 or 1)."""
    with np.errstate(divide="ignore"):
        return float(-2 * np.sum(w * np.log(np.where(y > 0, mu, 1 - mu))))


@dataclass(frozen=True)
class WaldTest:
    f: float
    df_num: int
    df_den: int
    p: float


def wald_test(result: LogisticResult, terms: list[str]) -> WaldTest:
    """Joint Wald test that the named coefficients are all zero (R ``regTermTest``, F test)."""
    idx = [result.index(t) for t in terms]
    b = result.coef[idx]
    v = result.cov[np.ix_(idx, idx)]
    chisq = float(b @ np.linalg.solve(v, b))
    k = len(idx)
    f = chisq / k
    return WaldTest(f, k, result.df_residual, float(special.fdtrc(k, result.df_residual, f)))
