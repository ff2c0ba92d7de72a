"""The calibration: fixed-point iteration of the outcome models' parameters until the survey's
own analysis gives back Table 2 (and, gently, Table 3); the draw kept is one that meets every
criterion (acceptance.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brobygger.survey.published import BANDS, published

from .acceptance import Acceptance, Verdict
from .fit import Effect, ModelFrame
from .outcome import MODERATE, NOT_LONELY, SEVERE, age_terms, classes, linear_predictors, table1_gap
from .population import Respondents
from .targets import (
    ROOM_TABLE2,
    ROOM_TABLE3,
    aim_for_significance,
    keep_rule_side,
    published_targets,
    stars,
)

SIGNIFICANCE_ROUND = 6  # the round at which the targets are aimed at the report's stars
EXTRA_ROUNDS = 60  # if no draw met every criterion, go on until one does (at most this long)
STEP_LIMIT = 0.3  # largest step of a Table 3 shift in one round
SETTLED = 0.01  # stop early once every Table 2 step is below this (second half)


@dataclass
class Calibration:
    band: np.ndarray
    iterations: int
    gap: float  # largest Table 2 step (log OR) of the kept draw
    parameters: tuple[dict, dict, dict]
    verdict: Verdict | None


def _log_or(effect: Effect | None) -> float | None:
    """The fitted log OR as the loop decides on it: rounded to 1e-6 (BLAS-proof), None if the
    category is not in the model."""
    return None if effect is None else round(effect.log_or, 6)


def _damping(iteration: int, half: int, table3: bool) -> float:
    """Smaller steps as it settles: a few respondents flipping class move the small categories'
    odds ratios in jumps."""
    if (iteration <= 8 and table3) or iteration == half + 1:
        return 0.8
    since = (iteration - 8) if iteration <= half else (iteration - half)
    return 0.8 / (1 + 0.2 * since)


def calibrate(
    people: Respondents,
    uniforms: np.ndarray,
    max_iterations: int,
    *,
    start: tuple[dict, dict, dict] | None = None,
    table3: bool = True,
    severe_shift: dict[str, float] | None = None,
) -> Calibration:
    """Fit the parameters on ``people`` itself; with ``start`` (parameters fitted elsewhere)
    and ``table3=False`` only Table 2 is refined (a large survey settles in a few rounds).
    ``severe_shift``: another wave's change of Table 1's severe prevalences (waves.py)."""
    pub = published()
    targets, published_t = published_targets(), published_targets()
    *stars_t2, stars_t3 = stars()
    factors = {
        v["key"]: next(k for k, c in enumerate(v["categories"]) if c["reference"])
        for v in pub["variables"]
    }
    everyone = ModelFrame(people, np.ones(people.n, dtype=bool), factors)
    groups = [ModelFrame(people, people.group == g, factors) for g in range(len(BANDS) * table3)]
    sizes = [
        {
            v: np.bincount(c[(people.group == g) & (c >= 0)], minlength=8)
            for v, c in people.codes.items()
        }
        for g in range(len(BANDS))
    ]
    # a later, invented wave is held to Table 1 (as changed), Table 2's odds ratios and the risk
    # groups; the report's stars and Table 3 cells describe 2013's sample, not a new one
    judged = table3 and not severe_shift
    acceptance = Acceptance(sizes, table3=judged, stars=judged)
    shift_sev = dict.fromkeys(targets.t2_sev, 0.0)  # per category, all groups: Table 2's
    group_shift = dict.fromkeys(targets.t3, 0.0)  # per group and category: Table 3's
    beta_mod = dict(targets.t2_mod)
    if start is not None:
        shift_sev, group_shift, beta_mod = (dict(p) for p in start)
    ages = age_terms(people)
    half = max_iterations // 2 if table3 else 0
    best: Calibration | None = None
    best_score: tuple = (False, -1, -np.inf)
    rounds = 0
    for iteration in range(1, max_iterations + EXTRA_ROUNDS + 1):
        if (
            iteration > max_iterations
            and best is not None
            and best.verdict is not None
            and best.verdict.meets
        ):
            break
        rounds = iteration
        damping = _damping(min(iteration, max_iterations), half, table3)
        parameters = (dict(shift_sev), dict(group_shift), dict(beta_mod))
        eta_sev, eta_mod = linear_predictors(people, ages, targets, parameters)
        band = classes(people, eta_sev, eta_mod, uniforms, severe_shift)
        se = iteration > half or iteration == SIGNIFICANCE_ROUND  # only then are they used
        severe = everyone.fit(band, SEVERE, NOT_LONELY, se=se) or {}
        moderate = everyone.fit(band, MODERATE, NOT_LONELY, se=se) or {}
        if table3 and iteration == SIGNIFICANCE_ROUND:
            _aim_table2(targets, published_t, severe, moderate, stars_t2)
        gap = _step_table2(targets, severe, moderate, shift_sev, beta_mod, damping)
        by_group = [frame.fit(band, SEVERE, NOT_LONELY, se=se) or {} for frame in groups]
        _step_table3(by_group, targets, group_shift, stars_t3, iteration, half, damping, shift_sev)
        if iteration > half:
            gap_t1 = table1_gap(people, band, severe_shift)
            verdict = acceptance.verdict(severe, moderate, by_group, gap_t1)
            score = (verdict.meets, verdict.table3_hits, -verdict.table2_factor)
            if score > best_score:
                best_score = score
                best = Calibration(band.copy(), iteration, gap, parameters, verdict)
            if gap < SETTLED and verdict.meets:
                break
    assert best is not None
    best.iterations = rounds
    return best


def _aim_table2(targets, published_t, severe, moderate, stars_t2) -> None:
    """Move Table 2's targets towards the report's stars (never across the risk rule)."""
    for key in targets.t2_sev:
        pairs = zip((targets.t2_sev, targets.t2_mod), (severe, moderate), stars_t2, strict=True)
        for t, fits, star in pairs:
            effect = fits.get(key)
            if effect is not None:
                t[key] = aim_for_significance(
                    t[key], effect.log_or, effect.se, star[key], ROOM_TABLE2
                )
        targets.t2_sev[key] = keep_rule_side(targets.t2_sev[key], published_t.t2_sev[key])


def _step_table2(targets, severe, moderate, shift_sev, beta_mod, damping) -> float:
    """A damped step of every category's shift towards Table 2's ORs (severe) and of the
    moderate model's coefficients; returns the largest distance (log OR) from the targets."""
    gaps = [0.0]
    for key in shift_sev:
        for fits, target, values in (
            (severe, targets.t2_sev, shift_sev),
            (moderate, targets.t2_mod, beta_mod),
        ):
            fitted = _log_or(fits.get(key))
            if fitted is not None:
                step = target[key] - fitted
                values[key] += damping * step
                gaps.append(abs(step))
    return max(gaps)


def _step_table3(by_group, targets, group_shift, stars_t3, iteration, half, damping, shift_sev):
    """Table 3, more gently: its cells are small, and Table 2 comes first. In the first half
    each group's shift follows its own cell; in the second half only the differences between
    the groups are corrected (each category's steps centred over its groups), so the overall
    level stays Table 2's while the groups settle around it."""
    steps: dict[tuple[int, str, int], float] = {}
    for g, fits in enumerate(by_group):
        for (gg, var, k), target in list(targets.t3.items()):
            if gg != g:
                continue
            effect = fits.get((var, k))
            fitted = _log_or(effect)
            if fitted is None:
                continue
            if iteration == SIGNIFICANCE_ROUND:
                target = targets.t3[(gg, var, k)] = aim_for_significance(
                    target, effect.log_or, effect.se, stars_t3[(gg, var, k)], ROOM_TABLE3
                )
            if np.log(0.01) < fitted < np.log(100):  # not a separated cell
                steps[(g, var, k)] = float(np.clip(target - fitted, -STEP_LIMIT, STEP_LIMIT))
    if iteration > half:
        for var, k in shift_sev:
            mine = [key for key in steps if key[1:] == (var, k)]
            if mine:
                centre = sum(steps[key] for key in mine) / len(mine)
                for key in mine:
                    steps[key] -= centre
    for key, step in steps.items():
        group_shift[key] += damping * step
