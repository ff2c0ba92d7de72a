"""What the calibration aims at: the published odds ratios (as log odds ratios), the report's
significance stars, and the adjustments of the targets (the risk-group rule's margin, the
stars)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brobygger.survey.published import BANDS, published

RISK_OR = 2.0
# Published ORs within this factor of the risk-group threshold (2.00 and 1.96) are aimed a
# little further from it, so that noise cannot move them across the rule.
RULE_MARGIN = 1.08
# Aiming for the report's significance: each target may move by at most this factor (well
# inside the odds-ratio criteria of 1.25 and 1.5) so that its distance from 1, in standard
# errors of the synthetic survey's own fit, agrees with the published star.
STAR_Z, NO_STAR_Z = 2.4, 1.4
ROOM_TABLE2, ROOM_TABLE3 = 1.15, 1.3

Key = tuple[str, int]  # (factor, category index)
GroupKey = tuple[int, str, int]  # (age group index, factor, category index)


@dataclass
class Targets:
    """Log odds ratios to aim at; ``t2_sev``/``t2_mod`` by Key, ``t3`` by GroupKey."""

    t2_sev: dict[Key, float]
    t2_mod: dict[Key, float]
    t3: dict[GroupKey, float]

    def copy(self) -> Targets:
        return Targets(dict(self.t2_sev), dict(self.t2_mod), dict(self.t3))


def _log_or(value: float) -> float:
    """The published OR as a log OR; ORs within RULE_MARGIN of 2 are aimed RULE_MARGIN from it."""
    if RISK_OR / RULE_MARGIN <= value < RISK_OR:
        value = RISK_OR / RULE_MARGIN
    elif RISK_OR <= value < RISK_OR * RULE_MARGIN:
        value = RISK_OR * RULE_MARGIN
    return float(np.log(value))


def published_targets() -> Targets:
    """Every non-reference category's published log ORs: Table 2 (both outcomes) and the
    reported cells of Table 3."""
    t2_sev, t2_mod, t3 = {}, {}, {}
    for v in published()["variables"]:
        for k, c in enumerate(v["categories"]):
            if c["reference"]:
                continue
            t2_sev[(v["key"], k)] = _log_or(c["table2"]["severe_or"])
            t2_mod[(v["key"], k)] = _log_or(c["table2"]["moderate_or"])
            for g, key in enumerate(BANDS):
                cell = c["table3"].get(key) or {}
                if cell.get("status") == "reported" and cell.get("or"):
                    t3[(g, v["key"], k)] = _log_or(cell["or"])
    return Targets(t2_sev, t2_mod, t3)


def stars() -> tuple[dict, dict, dict]:
    """The report's significance (p < .05) for each target, None where it is not known."""
    t2_sev, t2_mod, t3 = {}, {}, {}
    for v in published()["variables"]:
        for k, c in enumerate(v["categories"]):
            if c["reference"]:
                continue
            t2_sev[(v["key"], k)] = c["table2"].get("severe_significant")
            t2_mod[(v["key"], k)] = c["table2"].get("moderate_significant")
            for g, key in enumerate(BANDS):
                cell = c["table3"].get(key) or {}
                t3[(g, v["key"], k)] = cell.get("significant")
    return t2_sev, t2_mod, t3


def aim_for_significance(target: float, log_or: float, se: float, star, room: float) -> float:
    """``target`` moved (by at most ``room``) so that the fit's distance from 1, in its own
    standard errors, agrees with the report's star. Rounded to 1e-6: the decision must not
    depend on the last bits of a standard error."""
    if star is None or not (np.isfinite(se) and se > 0 and np.isfinite(log_or)):
        return target
    size = abs(target)
    wanted = max(size, STAR_Z * se) if star else min(size, NO_STAR_Z * se)
    wanted = min(max(wanted, size - np.log(room), 0.0), size + np.log(room))
    return round(float(np.copysign(wanted, target if target else 1.0)), 6)


def keep_rule_side(target: float, published_target: float) -> float:
    """Never move a severe Table 2 target across the risk-group rule's margin."""
    edge = np.log(RISK_OR)
    if published_target >= edge:
        return max(target, float(edge + np.log(RULE_MARGIN)))
    return min(target, float(edge - np.log(RULE_MARGIN)))
