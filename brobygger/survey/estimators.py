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
from scipy import stats
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
        fit = logistic(design, indicator, np.ones((design.n, 1)), domain=domain, names=["p"])
        b, se = fit.coef[0], fit.se[0]
        t = stats.t.ppf(1 - (1 - level) / 2, df)
        return ProportionCI(float(expit(b)), float(expit(b - t * se)), float(expit(b + t * se)))
    if method == "beta":
        est = mean(design, indicator, domain)
        p = est.estimate
        alpha = 1 - level
        n_domain = design.n if domain is None else int(np.count_nonzero(domain))
        n_eff = p * (1 - p) / est.variance
        n_eff *= (stats.t.ppf(alpha / 2, n_domain - 1) / stats.t.ppf(alpha / 2, df)) ** 2
        low = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1) if p > 0 else 0.0
        high = stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)) if p < 1 else 1.0
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
        return 2 * stats.t.sf(np.abs(self.t), self.df_residual)

    def confint(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """Wald intervals on the t distribution with the residual degrees of freedom."""
        q = stats.t.ppf(1 - (1 - level) / 2, self.df_residual)
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
    tol: float = 1e-13,
    max_iter: int = 200,
) -> LogisticResult:
    """Design-based logistic regression of ``y`` (0/1) on ``x`` (with its intercept column).

    Rows outside ``domain`` (and rows with a missing value) take no part in the fit but keep
    their place in the design. Columns without support in the domain, or aliased with earlier
    ones, are left out and listed in ``aliased`` (R reports them as NA).
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
    xd, yd = x[rows], y[rows]
    keep = _independent_columns(xd * np.sqrt(w)[:, None])
    aliased = [names[j] for j in range(x.shape[1]) if j not in keep]
    xd = xd[:, keep]
    kept_names = [names[j] for j in keep]

    # IRLS exactly as R's glm.fit: binomial starting values, convergence on the relative change
    # of the deviance. As in R, the information matrix and the score weights are those of the
    # last weighted least-squares step, and the residuals those of the final fit.
    mu = (w * yd + 0.5) / (w + 1)
    eta = logit(mu)
    deviance_old = _deviance(yd, mu, w)
    beta = np.zeros(xd.shape[1])
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        working_var = mu * (1 - mu)
        z = eta + (yd - mu) / working_var
        working_weights = w * working_var
        xtw = xd.T * working_weights
        information = xtw @ xd
        beta = np.linalg.solve(information, xtw @ z)
        eta = xd @ beta
        mu = expit(eta)
        deviance = _deviance(yd, mu, w)
        if abs(deviance - deviance_old) / (abs(deviance) + 0.1) < tol:
            break
        deviance_old = deviance
    a_inv = np.linalg.inv(information)
    working_residuals = (yd - mu) / (mu * (1 - mu))
    influence = np.zeros((design.n, xd.shape[1]))
    influence[rows] = (xd * (working_residuals * working_weights)[:, None]) @ a_inv
    cov = design.variance(influence)
    df_residual = design.degrees_of_freedom(inside) + 1 - xd.shape[1]
    return LogisticResult(
        names=kept_names,
        coef=beta,
        cov=cov,
        df_residual=df_residual,
        n=int(rows.size),
        iterations=iterations,
        aliased=aliased,
    )


def _deviance(y: np.ndarray, mu: np.ndarray, w: np.ndarray) -> float:
    """Binomial deviance for 0/1 outcomes."""
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
    return WaldTest(f, k, result.df_residual, float(stats.f.sf(f, k, result.df_residual)))
