"""A fast logistic fit for the calibration loop, with the analysis' model and variance.

The calibration fits seven models per round for a hundred rounds. ``tables.fit_model`` (the
analysis) re-derives the model frame each time and iterates from scratch; here each model's
frame (intercept, age, the factors' dummies on complete cases) is built once, the fit starts
from the previous round's coefficients, and Newton's method runs to machine precision (a few
steps). The model is the analysis' own: outcome band against not lonely, every factor whose
reference category and one other occur, the variance of a weights-only design (each
respondent a PSU: R's ``svyglm`` sandwich), t-based p-values with n - p degrees of freedom.

Float details: the linear predictor and the score (gradient) are sums in a fixed order
(np.bincount), independent of BLAS; the Hessian only steers Newton's steps, so its last bits
(which vary with BLAS kernels and threads) cannot move the converged coefficients by more than
a few units in the last place. The caller rounds what it decides on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from .population import Respondents

AGE = ("age", -1)
INTERCEPT = ("(Intercept)", -1)
MAX_STEPS = 30
STEP_TOL = 1e-4  # after a Newton step this small, one more (chord) step reaches ~1e-12
SEPARATION_STEPS = 8  # still taking steps of 0.5 after this many: a separated category
RUNAWAY = 5.0  # in a fit stopped for separation, coefficients beyond this are infinite
CHUNK = 352  # rows per block of X'VX: 27 x 27 x 352 multiply-adds stay on one BLAS thread


@dataclass
class Effect:
    log_or: float
    se: float
    p: float


class ModelFrame:
    """One model's rows (an age group, or everyone, with every factor known) and columns."""

    def __init__(self, people: Respondents, in_group: np.ndarray, factors: dict[str, int]):
        rows = in_group & ~np.isnan(people.age)
        for codes in people.codes.values():
            rows &= codes >= 0
        self.rows = np.flatnonzero(rows)
        self.n_design = people.n
        self.weights = people.weights[self.rows]
        self.age = people.age[self.rows]
        self.factors = factors  # name -> reference category index
        self.codes = {name: people.codes[name][self.rows] for name in factors}
        # column 0 intercept, 1 age, then one per (factor, non-reference category); the
        # reference categories point at column p, whose coefficient is always 0
        self.labels: list[tuple[str, int]] = [INTERCEPT, AGE]
        self.column_of: dict[str, np.ndarray] = {}
        for name, ref in factors.items():
            cols = []
            for k in range(int(people.codes[name].max()) + 1):
                cols.append(-1 if k == ref else len(self.labels))
                if k != ref:
                    self.labels.append((name, k))
            self.column_of[name] = np.array(cols)
        p = len(self.labels)
        self.index = {n: np.where(c >= 0, c, p)[self.codes[n]] for n, c in self.column_of.items()}
        xt = np.zeros((p + 1, len(self.rows)))
        xt[0], xt[1] = 1.0, self.age
        for idx in self.index.values():
            xt[idx, np.arange(len(self.rows))] = 1.0
        self.xt = xt[:p]  # X transposed: one contiguous row per column of the model
        self.start: dict[int, dict[tuple[str, int], float]] = {}  # by outcome

    def fit(self, band: np.ndarray, outcome: int, not_lonely: int, *, se: bool = True):
        """Effects by (factor, category) and AGE for ``outcome`` against ``not_lonely``
        (standard errors and p-values only if ``se``); None if no respondent qualifies.

        A category with no case (or only cases) is separated: its OR is 0 (or infinite), and
        the others are those of the fit without its respondents, the limit the analysis'
        iterations run towards."""
        b = band[self.rows]
        inside = (b == outcome) | (b == not_lonely)
        if not inside.any():
            return None
        y = (b == outcome).astype(float)
        keep, separated = self._columns(inside, y)
        df = max(int(np.count_nonzero(inside)) - int(np.count_nonzero(keep)), 1)
        if separated:
            for name, k, _sign in separated:
                inside &= self.codes[name] != k
            keep &= self._columns(inside, y)[0]
        if not (inside & (y > 0)).any() or not (inside & (y == 0)).any():
            return {(n, k): Effect(sign * np.inf, np.nan, np.nan) for n, k, sign in separated}
        w = np.where(inside, self.weights, 0.0)
        xt = self.xt if keep.all() else self.xt[keep]
        labels = [lab for lab, k in zip(self.labels, keep, strict=True) if k]
        start = self.start.get(outcome, {})
        beta = np.array([start.get(lab, 0.0) for lab in labels])
        if not start:
            mean_y = _total(w * y) / _total(w)
            beta[0] = special.logit(min(max(mean_y, 1e-6), 1 - 1e-6))
        beta, mu, hessian, converged = self._newton(xt, keep, beta, w, y)
        # a fit that still runs away starts afresh next round
        self.start[outcome] = dict(zip(labels, beta.tolist(), strict=True)) if converged else {}
        if not converged:
            beta = np.where(np.abs(beta) > RUNAWAY, np.copysign(np.inf, beta), beta)
        if se:
            effects = self._effects(xt, keep, labels, beta, hessian, w * (y - mu), df)
        else:
            effects = {
                lab: Effect(float(v), np.nan, np.nan) for lab, v in zip(labels, beta, strict=True)
            }
        for name, k, sign in separated:
            effects[(name, k)] = Effect(sign * np.inf, np.nan, np.nan)
        effects.pop(INTERCEPT, None)
        return effects

    def _columns(self, inside: np.ndarray, y: np.ndarray):
        """Columns kept (intercept, age, and the categories present of factors whose reference
        and one other category occur among the fitted rows, as the analysis enters them), and
        the separated categories: (factor, category, sign of the log OR)."""
        keep = np.ones(len(self.labels), dtype=bool)
        separated = []
        case_w, rest_w = inside * y, inside * (1 - y)
        for name, ref in self.factors.items():
            cols = self.column_of[name]
            cases = np.bincount(self.codes[name], weights=case_w, minlength=len(cols))
            rest = np.bincount(self.codes[name], weights=rest_w, minlength=len(cols))
            present = (cases + rest) > 0
            entered = present[ref] and np.count_nonzero(present) >= 2
            for k, col in enumerate(cols):
                if col < 0:
                    continue
                keep[col] = entered and present[k]
                if keep[col] and (cases[k] == 0 or rest[k] == 0):
                    separated.append((name, k, -1.0 if cases[k] == 0 else 1.0))
                    keep[col] = False
        return keep, separated

    def _newton(self, xt, keep, beta, w, y):
        """Newton's method (IRLS) with step halving where the deviance clearly rises, until a
        step is below STEP_TOL; then one more step with the same Hessian. Gives up when it keeps
        taking long steps after SEPARATION_STEPS (a separation not caught by _columns)."""
        p = len(self.labels)
        full = np.zeros(p + 1)

        def mean_and_deviance(b):
            full[:p][keep] = b
            mu = special.expit(self._eta(full))
            with np.errstate(divide="ignore", invalid="ignore"):
                dev = -2 * _total(w * np.log(np.where(y > 0, mu, 1 - mu)))
            return mu, dev

        mu, deviance = mean_and_deviance(beta)
        hessian = gram(xt, w * mu * (1 - mu))
        for step in range(1, MAX_STEPS + 1):
            gradient = self._column_sums(w * (y - mu))[:p][keep]
            delta = _direction(hessian, gradient)
            for _half in range(30):
                new_mu, new_deviance = mean_and_deviance(beta + delta)
                if np.isfinite(new_deviance) and new_deviance <= deviance + 1e-7 * abs(deviance):
                    break
                delta = delta / 2
            beta, mu, deviance = beta + delta, new_mu, new_deviance
            largest = float(np.max(np.abs(delta)))
            if not np.all(np.isfinite(beta)):
                return beta, mu, hessian, False
            if largest < STEP_TOL:  # the chord step: the error falls from ~1e-8 to ~1e-12
                gradient = self._column_sums(w * (y - mu))[:p][keep]
                beta = beta + _direction(hessian, gradient)
                mu, deviance = mean_and_deviance(beta)
                return beta, mu, hessian, True
            if step >= SEPARATION_STEPS and largest > 0.5:
                return beta, mu, hessian, False
            hessian = gram(xt, w * mu * (1 - mu))
        return beta, mu, hessian, False

    def _eta(self, full: np.ndarray) -> np.ndarray:
        """The linear predictor, the factors' coefficients added factor by factor."""
        eta = full[0] + full[1] * self.age
        for idx in self.index.values():
            eta += full[idx]
        return eta

    def _column_sums(self, r: np.ndarray) -> np.ndarray:
        """X'r (length p + 1) in a fixed order (np.bincount is a sequential loop), whatever
        the BLAS: these sums decide where the fit converges."""
        size = len(self.labels) + 1
        sums = np.zeros(size)
        for idx in self.index.values():
            sums += np.bincount(idx, weights=r, minlength=size)
        sums[0] = _total(r)
        sums[1] = _total(r * self.age)
        return sums

    def _effects(self, xt, keep, labels, beta, information, r, df) -> dict:
        """Log ORs, sandwich standard errors (weights-only design: every respondent a PSU,
        zeros outside the model) and t-test p-values. ``information`` is the last Newton
        step's, within STEP_TOL of the estimate."""
        try:
            a_inv = np.linalg.inv(information)
        except np.linalg.LinAlgError:
            a_inv = np.linalg.pinv(information)
        n = self.n_design
        score = self._column_sums(r)[: len(self.labels)][keep]
        meat = gram(xt, r * r) - np.outer(score, score) / n
        cov = a_inv @ meat @ a_inv * n / (n - 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            se = np.sqrt(np.diag(cov))
            t = beta / se
        p = 2 * special.stdtr(df, -np.abs(t))
        return {
            lab: Effect(float(b), float(e), float(q))
            for lab, b, e, q in zip(labels, beta, se, p, strict=True)
        }


def gram(xt: np.ndarray, v: np.ndarray) -> np.ndarray:
    """X' diag(v) X from X transposed, summed over blocks of CHUNK rows: each block's product
    is too small for OpenBLAS to spread over threads (it does above 262,144 multiply-adds), and
    one thread is many times faster than two waiting on each other on a shared machine."""
    total = np.zeros((xt.shape[0], xt.shape[0]))
    for i in range(0, xt.shape[1], CHUNK):
        block = xt[:, i : i + CHUNK]
        total += (block * v[i : i + CHUNK]) @ block.T
    return total


def _direction(hessian: np.ndarray, gradient: np.ndarray) -> np.ndarray:
    """The Newton step; the least-squares one where the Hessian is singular (a column without
    information, as in a tiny survey)."""
    try:
        return np.linalg.solve(hessian, gradient)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(hessian, gradient, rcond=None)[0]


def _total(values: np.ndarray) -> float:
    """A sum in row order (np.bincount is a plain sequential loop)."""
    return float(np.bincount(np.zeros(len(values), dtype=np.int64), weights=values)[0])
