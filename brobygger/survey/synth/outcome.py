"""Loneliness from the two logistic models: linear predictors, each age group's intercepts
solved for Table 1's prevalences, and the classes.

One uniform number u per respondent decides the class: severe if u < expit(eta_sev), else
moderate if the rest, rescaled to (0, 1), is below expit(eta_mod). Written as thresholds
(severe if logit(u) - eta_sev < alpha_sev, the group's intercept), a group's severe share is a
step function of its intercept, so the intercept is found exactly by sorting, and placed
midway between two respondents' thresholds: far from any float rounding.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit

from brobygger.survey.published import BANDS, published

from .population import Respondents
from .targets import Targets

NOT_LONELY, MODERATE, SEVERE = 0, 1, 2
Parameters = tuple[dict, dict, dict]  # shift_sev, group_shift, beta_mod


def age_terms(people: Respondents) -> tuple[np.ndarray, np.ndarray]:
    """Age slopes: Table 3's within each group for severe loneliness, Table 2's for moderate.
    Not fitted: the whole-population age OR follows from Table 1's age pattern, which the
    intercepts fix, not from the slopes within the groups."""
    pub = published()
    age_sev = np.array([np.log(pub["age_or"]["severe_by_group"][k]["or"]) for k in BANDS])
    means = np.array([_mean(people.age[people.group == g]) for g in range(len(BANDS))], dtype=float)
    centred = people.age - means[people.group]
    return age_sev[people.group] * centred, np.log(pub["age_or"]["moderate"]) * centred


def linear_predictors(
    people: Respondents, ages: tuple[np.ndarray, np.ndarray], targets: Targets, parameters
) -> tuple[np.ndarray, np.ndarray]:
    """Severe and moderate linear predictors without the groups' intercepts."""
    shift_sev, group_shift, beta_mod = parameters
    eta_sev, eta_mod = ages
    for (var, k), shift in shift_sev.items():
        on = people.codes[var] == k
        group_or = np.array(
            [
                targets.t3.get((g, var, k), targets.t2_sev[(var, k)])
                + group_shift.get((g, var, k), 0.0)
                for g in range(len(BANDS))
            ]
        )
        eta_sev = eta_sev + on * (group_or[people.group] + shift)
        eta_mod = eta_mod + on * beta_mod[(var, k)]
    return eta_sev, eta_mod


def table1_targets(severe_shift: dict[str, float] | None = None) -> dict[str, dict]:
    """Table 1's prevalences (%) as aimed at: the published ones, or for another wave with
    ``severe_shift`` (percentage points per age group, taken from the not lonely) added. A
    shifted wave has no whole-population target (its groups decide it)."""
    table1 = published()["table1"]
    if not severe_shift:
        return table1
    out = {name: dict(table1[name]) for name in ("not_lonely", "moderate", "severe")}
    for key, shift in severe_shift.items():
        out["severe"][key] += shift
        out["not_lonely"][key] -= shift
    for values in out.values():
        values.pop("total", None)
    return out


def classes(
    people: Respondents, eta_sev, eta_mod, uniforms, severe_shift: dict[str, float] | None = None
) -> np.ndarray:
    """Each group's intercepts solved for Table 1's prevalences, then everyone's class."""
    pub = {"table1": table1_targets(severe_shift)}
    band = np.full(people.n, NOT_LONELY, dtype=np.int8)
    for g, key in enumerate(BANDS):
        rows = np.flatnonzero(people.group == g)
        w, u = people.weights[rows], uniforms[rows]
        t_sev = logit(u) - eta_sev[rows]
        a_sev = _threshold(t_sev, w, pub["table1"]["severe"][key] / 100)
        severe = t_sev < a_sev
        p_sev = expit(eta_sev[rows] + a_sev)
        with np.errstate(divide="ignore", invalid="ignore"):  # p_sev = 1: severe anyway
            rest = np.clip((u - p_sev) / (1 - p_sev), 1e-300, 1.0)
        t_mod = np.where(severe, np.inf, logit(rest) - eta_mod[rows])
        a_mod = _threshold(t_mod, w, pub["table1"]["moderate"][key] / 100)
        band[rows] = np.where(severe, SEVERE, np.where(t_mod < a_mod, MODERATE, NOT_LONELY))
    return band


def _threshold(t: np.ndarray, w: np.ndarray, share: float) -> float:
    """The cut below which the weighted share of ``t`` comes closest to ``share``: midway
    between the last respondent in and the first one out."""
    order = np.argsort(t, kind="stable")
    ts = t[order]
    cum = np.cumsum(w[order]) / np.bincount(np.zeros(len(w), dtype=np.int64), weights=w)[0]
    k = int(np.searchsorted(cum, share))  # cum[k] >= share: the first k+1 reach it
    k = min(k, len(ts) - 1)
    if k > 0 and share - cum[k - 1] < cum[k] - share:
        k -= 1  # k respondents in is closer than k + 1
    if not np.isfinite(ts[k]):
        return float(ts[np.isfinite(ts)].max()) + 1.0 if np.isfinite(ts).any() else 0.0
    nxt = ts[k + 1] if k + 1 < len(ts) and np.isfinite(ts[k + 1]) else ts[k] + 2.0
    return float((ts[k] + nxt) / 2)


def table1_gap(
    people: Respondents, band: np.ndarray, severe_shift: dict[str, float] | None = None
) -> float:
    """The largest distance, in percentage points, of the weighted prevalences from Table 1
    (each age group and everyone)."""
    pub = {"table1": table1_targets(severe_shift)}
    gap = 0.0
    for key, rows in [("total", np.ones(people.n, dtype=bool))] + [
        (k, people.group == g) for g, k in enumerate(BANDS)
    ]:
        if key not in pub["table1"]["severe"]:
            continue
        sums = np.bincount(band[rows], weights=people.weights[rows], minlength=3)
        total = sums[0] + sums[1] + sums[2]
        for name, b in (("not_lonely", NOT_LONELY), ("moderate", MODERATE), ("severe", SEVERE)):
            gap = max(gap, abs(100 * sums[b] / total - pub["table1"][name][key]))
    return gap


def _mean(values: np.ndarray) -> float:
    return float(np.bincount(np.zeros(len(values), dtype=np.int64), weights=values)[0]) / len(
        values
    )
