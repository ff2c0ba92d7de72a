"""Confidence intervals for the evaluation of the collaboration model (no Django here).

- ``rate_ratio``: the ratio of two Poisson counts over their exposures with the exact
  conditional interval (given the total, the 'after' count is binomial), which stays defined when
  one count is zero; as R's ``poisson.test(c(a, b), c(ta, tb))``.
- ``mean_change``: the mean of paired differences with Student's t interval, as R's
  ``t.test(after, before, paired = TRUE)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.special import betaincinv, stdtrit


@dataclass(frozen=True)
class Estimate:
    estimate: float | None
    low: float | None
    high: float | None
    n: int


def rate_ratio(
    after: int, after_time: float, before: int, before_time: float, level: float = 0.95
) -> Estimate:
    """(after / after_time) / (before / before_time), with the exact conditional interval."""
    if after_time <= 0 or before_time <= 0:
        raise ValueError("exposure times must be positive")
    total = after + before
    if total == 0:
        return Estimate(None, None, None, 0)
    alpha = 1 - level
    # Clopper-Pearson limits for p = after / total, then RR = p / (1 - p) * before_time / after_time
    p_low = 0.0 if after == 0 else float(betaincinv(after, before + 1, alpha / 2))
    p_high = 1.0 if before == 0 else float(betaincinv(after + 1, before, 1 - alpha / 2))
    scale = before_time / after_time

    def ratio(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * scale

    estimate = math.inf if before == 0 else (after / after_time) / (before / before_time)
    return Estimate(estimate, ratio(p_low), ratio(p_high), total)


def mean_change(before: Sequence[float], after: Sequence[float], level: float = 0.95) -> Estimate:
    """Mean of after - before over pairs, with Student's t interval (needs two pairs)."""
    if len(before) != len(after):
        raise ValueError("before and after must be paired")
    n = len(before)
    if n == 0:
        return Estimate(None, None, None, 0)
    diffs = [a - b for a, b in zip(after, before, strict=True)]
    mean = sum(diffs) / n
    if n < 2:
        return Estimate(mean, None, None, n)
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = float(stdtrit(n - 1, 1 - (1 - level) / 2)) * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)
