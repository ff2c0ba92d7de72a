"""Raking (iterative proportional fitting) of the weights of one age group."""

from __future__ import annotations

import numpy as np


def rake(
    weights: np.ndarray,
    codes_by_var: dict[str, np.ndarray],
    targets_by_var: dict[str, np.ndarray],
    rows: np.ndarray,
    iterations: int = 60,
) -> np.ndarray:
    """``weights`` with the rows ``rows`` (one age group) raked to the weighted category shares
    ``targets_by_var`` of every factor, among respondents with a known value (code >= 0).

    Sums are sequential (np.bincount), so the result does not depend on the BLAS in use.
    """
    w = weights.copy()
    for _ in range(iterations):
        worst = 0.0
        for var, codes in codes_by_var.items():
            target = targets_by_var[var]
            known = codes[rows] >= 0
            idx = rows[known]
            sums = np.bincount(codes[idx], weights=w[idx], minlength=len(target))
            total = sums.sum()
            factor = np.where(sums > 0, target * total / np.maximum(sums, 1e-12), 1.0)
            worst = max(worst, float(np.max(np.abs(factor[sums > 0] - 1))))
            w[idx] *= factor[codes[idx]]
        if worst < 1e-10:
            break
    return w
