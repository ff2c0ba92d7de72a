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


def _rows(design: SurveyDesign, domain, *values: np.ndarray) -> np.ndarray:
    """Positions of the rows in the domain with positive weight and no missing value (R's
    ``na.rm = TRUE``: a row with a missing value leaves the domain, not the design)."""
    inside = design.weights > 0
    if domain is not None:
        inside &= np.asarray(domain, dtype=bool)
    for v in values:
        inside &= ~(np.isnan(v).any(axis=1) if v.ndim == 2 else np.isnan(v))
    return np.flatnonzero(inside)


def mean(design: SurveyDesign, y: np.ndarray, domain: np.ndarray | None = None) -> Estimate:
    """Weighted mean of ``y`` over the domain (a boolean mask of the whole sample); rows with
    a missing ``y`` are left out as R's ``svymean(..., na.rm = TRUE)`` does. ``df`` is the
    domain's (R: ``degf`` of the design the estimate was asked of)."""
    y = np.asarray(y, dtype=float)
    rows = _rows(design, domain, y)
    w = design.weights[rows]
    total_w = w.sum()
    if total_w <= 0:
        raise SurveyError("domain_empty")
    yr = y[rows]
    m = float((w * yr).sum() / total_w)
    influence = w * (yr - m) / total_w
    variance = design.variance_factored(
        np.ones((1, 1)), np.zeros(rows.size, dtype=np.int64), influence, rows
    )
    return Estimate(m, float(variance[0, 0]), design.degrees_of_freedom(domain))


def weighted_share(weights: np.ndarray, indicator: np.ndarray, domain: np.ndarray) -> float:
    """The point estimate of a proportion in a domain (no variance): fast for table cells.
    Rows with a missing indicator are left out (R's ``na.rm = TRUE``)."""
    inside = domain & ~np.isnan(indicator)
    w = weights[inside]
    total = w.sum()
    return float((w * indicator[inside]).sum() / total) if total > 0 else float("nan")


@dataclass(frozen=True)
class ProportionCI:
    proportion: float
    low: float
    high: float
    problem: str = ""  # the logit interval's fit: "not converged", "separation" or ""


def proportion_ci(
    design: SurveyDesign,
    indicator: np.ndarray,
    domain: np.ndarray | None = None,
    *,
    method: str = "logit",
    level: float = 0.95,
) -> ProportionCI:
    """A proportion with R ``svyciprop``'s interval (``logit`` or ``beta``).

    Rows with a missing indicator leave the domain, as ``svyciprop(..., na.rm = TRUE)``; the
    degrees of freedom (and for ``beta`` the row count) are those of the domain asked for,
    missing values included, as R takes them from the design passed in.
    """
    indicator = np.asarray(indicator, dtype=float)
    df = design.degrees_of_freedom(domain)
    if method == "logit":
        rows = _rows(design, domain, indicator)
        if rows.size == 0:
            raise SurveyError("domain_empty")
        fit = logistic_cells(
            design,
            indicator[rows],
            rows,
            np.zeros(rows.size, dtype=np.int64),
            np.ones((1, 1)),
            names=["p"],
        )
        b, se = fit.coef[0], fit.se[0]
        t = special.stdtrit(df, 1 - (1 - level) / 2)
        return ProportionCI(
            float(expit(b)), float(expit(b - t * se)), float(expit(b + t * se)), fit.problem
        )
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
    raise SurveyError("interval_method", method=method)


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
    converged: bool = True
    separated: bool = False

    @property
    def problem(self) -> str:
        """ "" for a sound fit, else why its numbers are not to be trusted as they stand."""
        if not self.converged:
            return "not converged"
        return "separation" if self.separated else ""

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
    """Columns kept by a left-to-right rank check (as R's pivoting QR keeps them): a column
    goes when its residual after the earlier columns is below ``tol`` of its norm. Householder
    QR without pivoting gives those residuals as |R_jj| in one LAPACK call."""
    norms = np.linalg.norm(x, axis=0)
    if np.all(norms > 0):
        # a column's relative residual is at least sqrt of the smallest eigenvalue of the
        # columns' correlation-like Gram matrix: when that is far above tol, keep them all
        # (p × p work instead of a QR of every cell)
        unit = x / norms
        if np.linalg.eigvalsh(unit.T @ unit)[0] > 1e-6:
            return list(range(x.shape[1]))
    if x.shape[0] < x.shape[1]:
        x = np.vstack([x, np.zeros((x.shape[1] - x.shape[0], x.shape[1]))])
    diagonal = np.abs(np.diag(np.linalg.qr(x, mode="r")))
    return [j for j in range(x.shape[1]) if norms[j] > 0 and diagonal[j] >= tol * norms[j]]


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
    rows = _rows(design, domain, y, x)
    if rows.size == 0:
        raise SurveyError("no_model_respondents")
    if cells is None:
        cell = np.arange(rows.size)
        xc = x[rows]
    else:
        cell, first = first_of_each(np.asarray(cells)[rows])
        xc = x[rows[first]]
    return logistic_cells(design, y[rows], rows, cell, xc, names=names, tol=tol, max_iter=max_iter)


def first_of_each(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0..k-1 of the labels (in order of first appearance) and the first row of each."""
    import pandas as pd

    codes, uniques = pd.factorize(labels)
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(codes.size - 1, -1, -1)
    return codes.astype(np.int64), first


def logistic_cells(
    design: SurveyDesign,
    y: np.ndarray,
    rows: np.ndarray,
    cell: np.ndarray,
    xc: np.ndarray,
    *,
    names: list[str],
    tol: float = 1e-13,
    max_iter: int = 200,
) -> LogisticResult:
    """The fit of :func:`logistic` given the domain's rows (positions in the design), their
    outcomes ``y``, each row's cell and the design matrix of the cells ``xc``."""
    # R's prior weights: 1/prob over their mean; only a scale, it keeps R's iteration path.
    w = design.weights[rows] / (design.weights[rows].sum() / design.n)
    yd = y
    n_cells = xc.shape[0]
    w_cell = np.bincount(cell, weights=w, minlength=n_cells)
    wy_cell = np.bincount(cell, weights=w * yd, minlength=n_cells)
    keep = _independent_columns(xc * np.sqrt(w_cell)[:, None])
    aliased = [names[j] for j in range(xc.shape[1]) if j not in keep]
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
    ww_cell: np.ndarray = np.bincount(cell, weights=w * var_start, minlength=n_cells)
    rhs_cell: np.ndarray = np.bincount(cell, weights=w * var_start * z_start, minlength=n_cells)
    first_step = True
    beta_old: np.ndarray | None = None
    beta = np.zeros(xc.shape[1])
    mu_cell = np.zeros(n_cells)
    var_cell = np.zeros(n_cells)
    iterations, converged = 0, False
    for iterations in range(1, max_iter + 1):  # noqa: B007
        if iterations > 1:
            first_step = False
            var_cell = mu_cell * (1 - mu_cell)
            ww_cell = w_cell * var_cell
            rhs_cell = ww_cell * (xc @ beta) + (wy_cell - w_cell * mu_cell)
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
            converged = True
            break
        deviance_old = deviance
        beta_old = beta
    a_inv = np.linalg.pinv(information) if _singular(information) else np.linalg.inv(information)
    mu = mu_cell[cell]
    # the score weights of the last WLS step (row by row if that was the first step)
    ww_rows = w * (var_start if first_step else var_cell[cell])
    with np.errstate(divide="ignore", invalid="ignore"):  # separated cells: no variance
        score = (yd - mu) / (mu * (1 - mu)) * ww_rows
    cov = design.variance_factored(xc @ a_inv, cell, score, rows)
    eps = 10 * np.finfo(float).eps  # R glm.fit: "fitted probabilities numerically 0 or 1"
    fitted = mu_cell[w_cell > 0]
    separated = bool(np.any((fitted < eps) | (fitted > 1 - eps)))
    df_residual = design.degrees_of_freedom(rows) + 1 - xc.shape[1]
    return LogisticResult(
        names=kept_names,
        coef=beta,
        cov=cov,
        df_residual=df_residual,
        n=int(rows.size),
        iterations=iterations,
        aliased=aliased,
        converged=converged,
        separated=separated,
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
