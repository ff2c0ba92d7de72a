"""The respondents before their loneliness: age group, age, the factors in Bilag 1's counts,
and weights raked to Bilag 1's weighted margins."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import nnls

from brobygger.survey.published import BANDS, published, variable

from .raking import rake

DISADVANTAGED = ("city_district", "disadvantaged")
# Aarhus residents 16+ by age group, approximately (a student city: many young adults); the
# prior that the published margins refine.
AGE_STRUCTURE_PRIOR = np.array([0.33, 0.25, 0.20, 0.15, 0.07])
WEIGHT_DECIMALS = 6  # the weights as the survey file holds them; the calibration sees the same


@dataclass
class Respondents:
    """The synthetic respondents: ``codes`` per factor are category indexes, -1 missing."""

    age: np.ndarray
    group: np.ndarray
    codes: dict[str, np.ndarray]
    weights: np.ndarray

    @property
    def n(self) -> int:
        return len(self.age)


def group_sizes(n: int) -> dict[str, int]:
    """Respondents per age group: Table 1's numbers scaled to ``n`` (largest remainders)."""
    pub = published()
    raw = {g["key"]: g["n"] * n / pub["total_n"] for g in pub["age_groups"]}
    sizes = {k: int(np.floor(v)) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - sizes[k], reverse=True)[: n - sum(sizes.values())]:
        sizes[k] += 1
    return sizes


def _counts(published_counts: list[int], published_n: int, size: int) -> list[int]:
    counts = [int(round(c * size / published_n)) for c in published_counts]
    while sum(counts) > size:
        counts[int(np.argmax(counts))] -= 1
    return counts


def _ages(rng, lo: int, hi: int | None, size: int) -> np.ndarray:
    if hi is None:  # the oldest: thinning out towards the report's oldest respondent, 103
        return np.minimum(lo + np.floor(rng.exponential(6.5, size)), 103)
    return rng.integers(lo, hi + 1, size).astype(float)


def group_shares() -> np.ndarray:
    """Each age group's share of the population: the shares that best give Bilag 1's and
    Table 1's whole-population columns from the age groups' columns, pulled towards the
    approximate age structure of Aarhus (the published columns alone are nearly collinear).
    Rounded to 10 decimals, so that the solver's last bits never reach the weights."""
    pub = published()
    keys = list(BANDS)
    rows, target = [], []
    for v in pub["variables"]:
        for c in v["categories"]:
            b = c["bilag1"]
            rows.append([b[k]["pct"] for k in keys])
            target.append(b["total"]["pct"])
    for outcome in ("not_lonely", "moderate", "severe"):
        rows.append([pub["table1"][outcome][k] * 50 for k in keys])  # Table 1 counts most
        target.append(pub["table1"][outcome]["total"] * 50)
    ridge = 20.0
    a = np.vstack([np.array(rows), ridge * np.diag(1 / AGE_STRUCTURE_PRIOR)])
    b = np.concatenate([target, ridge * np.ones(len(keys))])
    a = np.vstack([a, 1e4 * np.ones(len(keys))])  # the shares add up to one
    b = np.append(b, 1e4)
    shares, _residual = nnls(a, b)
    return np.round(shares / shares.sum(), 10)


def draw_respondents(n: int, rng, population: int) -> Respondents:
    """Ages and factors drawn per age group in Bilag 1's unweighted counts (the rest is item
    non-response), independent within the group; weights raked to Bilag 1."""
    pub = published()
    variables = pub["variables"]
    sizes = group_sizes(n)
    group = np.concatenate([np.full(sizes[k], g) for g, k in enumerate(BANDS)])
    ages = np.concatenate([_ages(rng, *BANDS[k], sizes[k]) for k in BANDS])
    codes: dict[str, np.ndarray] = {}
    for v in variables:
        parts = []
        for g, key in enumerate(BANDS):
            counts = _counts(
                [c["bilag1"][key]["n"] for c in v["categories"]],
                pub["age_groups"][g]["n"],
                sizes[key],
            )
            values = np.concatenate(
                [np.full(c, k) for k, c in enumerate(counts)]
                + [np.full(sizes[key] - sum(counts), -1)]
            )
            parts.append(rng.permutation(values))
        codes[v["key"]] = np.concatenate(parts).astype(np.int64)
    weights = _weights(codes, group, population)
    return Respondents(age=ages, group=group, codes=codes, weights=weights)


def _weights(codes: dict[str, np.ndarray], group: np.ndarray, population: int) -> np.ndarray:
    """Design weights (the disadvantaged districts were over-sampled), raked per age group to
    Bilag 1's weighted margins, then scaled to each group's share of the population."""
    var_d = variable(DISADVANTAGED[0])
    k_d = next(k for k, c in enumerate(var_d["categories"]) if c["key"] == DISADVANTAGED[1])
    in_d = codes[DISADVANTAGED[0]] == k_d
    sample_share = np.count_nonzero(in_d) / len(group)
    weighted_share = var_d["categories"][k_d]["bilag1"]["total"]["pct"] / 100
    weights = np.where(
        in_d, weighted_share / sample_share, (1 - weighted_share) / (1 - sample_share)
    ).astype(float)
    shares = group_shares()
    for g, key in enumerate(BANDS):
        rows = np.flatnonzero(group == g)
        targets = {
            v["key"]: np.array([c["bilag1"][key]["pct"] for c in v["categories"]])
            / sum(c["bilag1"][key]["pct"] for c in v["categories"])
            for v in published()["variables"]
        }
        weights = rake(weights, codes, targets, rows)
        total = np.bincount(np.zeros(len(rows), dtype=np.int64), weights=weights[rows])[0]
        weights[rows] *= population * shares[g] / total
    return np.round(weights, WEIGHT_DECIMALS)
