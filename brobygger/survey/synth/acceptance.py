"""Whether a draw of the calibration meets every criterion the synthetic survey promises (and
its tests check), as the analysis will see it: Table 1 within 0.45 points, every Table 2 odds
ratio (age included) within a factor 1.2, exactly the report's risk groups, at least 90 % of
the report's significance stars, at least 80 % of Table 3's reported cells within a factor 1.5.

The thresholds are a little stricter than the tests' (0.5, 1.25), and odds ratios and p-values
near a boundary (the rule's 2, p = .05, the factor 1.5) count against the draw, so that the
analysis' own fit of the written file (which agrees with the calibration's fit to many digits)
cannot land on the other side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from brobygger.survey.published import BANDS, published, variable

from .fit import AGE, Effect
from .targets import RISK_OR

TABLE1_GOOD = 0.45
TABLE2_GOOD = 1.2
TABLE3_NEAR = 1.5
TABLE3_SHARE = 0.8
SIGNIFICANCE_SHARE = 0.9
ALPHA = 0.05
MIN_CELL = 50  # the codebook's min_cell: a Table 3 cell with this many or fewer is suppressed
EDGE = 1.001  # odds ratios within this factor of a boundary count as on the wrong side
P_EDGE = 0.001  # ... and p-values within this of .05
SEPARATED = 20.0  # a log OR this large is a separated cell, not an estimate


@dataclass
class Verdict:
    """A draw as the calibration judged it (the analysis of the written file agrees)."""

    meets: bool
    table3_hits: int  # of the report's reported Table 3 cells, within TABLE3_NEAR
    table2_factor: float  # the largest factor between a Table 2 OR and the report's
    table1_gap: float  # percentage points
    stars: tuple[int, int] = (0, 0)  # (agreeing, compared)
    risk_groups: frozenset = frozenset()  # (factor, category key) meeting the rule


def _factor(effect: Effect | None, published_or: float) -> float:
    if effect is None or not abs(effect.log_or) < SEPARATED:
        return math.inf
    return math.exp(abs(effect.log_or - math.log(published_or)))


def _agrees(effect: Effect, star: bool) -> bool:
    """The fit's p < .05 agrees with the star, with a margin."""
    return effect.p < ALPHA - P_EDGE if star else effect.p > ALPHA + P_EDGE


class Acceptance:
    """The report's numbers indexed as the fits give them, and the draw's verdict."""

    def __init__(self, group_sizes: list[dict[str, np.ndarray]], *, table3: bool, stars: bool):
        pub = published()
        self.table3, self.stars = table3, stars
        age = pub["age_or"]
        # (key, severe OR, severe star, moderate OR, moderate star)
        self.t2 = [
            (
                AGE,
                age["severe"],
                age["severe_significant"],
                age["moderate"],
                age["moderate_significant"],
            )
        ]
        self.t3: list[tuple[int, tuple | None, float, bool | None]] = []
        for g, key in enumerate(BANDS):
            cell = age["severe_by_group"][key]
            if cell["status"] == "reported" and cell["or"] is not None:
                self.t3.append((g, AGE, cell["or"], cell["significant"]))
        for v in pub["variables"]:
            for k, c in enumerate(v["categories"]):
                if c["reference"]:
                    continue
                t2 = c["table2"]
                self.t2.append(
                    (
                        (v["key"], k),
                        t2["severe_or"],
                        t2["severe_significant"],
                        t2["moderate_or"],
                        t2["moderate_significant"],
                    )
                )
                for g, key in enumerate(BANDS):
                    cell = c["table3"].get(key) or {}
                    if cell.get("status") == "reported" and cell.get("or") is not None:
                        shown = int(group_sizes[g][v["key"]][k]) > MIN_CELL
                        self.t3.append(
                            (g, (v["key"], k) if shown else None, cell["or"], cell["significant"])
                        )
        self.risk = {
            (var, next(k for k, c in enumerate(variable(var)["categories"]) if c["key"] == cat))
            for var, cat in pub["risk_groups"]
        }

    def verdict(self, severe: dict, moderate: dict, by_group: list[dict], gap: float) -> Verdict:
        factor, agree, cells = 1.0, 0, 0
        risk: set[tuple] = set()
        for key, sev_or, sev_star, mod_or, mod_star in self.t2:
            for fits, published_or, star in (
                (severe, sev_or, sev_star),
                (moderate, mod_or, mod_star),
            ):
                effect = fits.get(key)
                factor = max(factor, _factor(effect, published_or))
                if effect is not None and star is not None:
                    cells += 1
                    agree += _agrees(effect, star)
            effect = severe.get(key)
            if key != AGE and effect is not None and effect.log_or >= math.log(RISK_OR / EDGE):
                if effect.log_or < math.log(RISK_OR * EDGE) or abs(effect.p - ALPHA) < P_EDGE:
                    risk.add(("undecided", key))
                elif effect.p < ALPHA:
                    risk.add(key)
        hits = 0
        for g, cell_key, published_or, star in self.t3 if self.table3 else ():
            effect = by_group[g].get(cell_key) if cell_key is not None else None
            if effect is None:
                continue  # suppressed, or the factor not in the group's model: no OR shown
            if not (abs(effect.log_or) < SEPARATED and math.isfinite(effect.p)):
                cells += star is not None  # separated: counted as a disagreeing star
                continue
            hits += _factor(effect, published_or) * EDGE <= TABLE3_NEAR
            if star is not None:
                cells += 1
                agree += _agrees(effect, star)
        meets = (
            gap <= TABLE1_GOOD
            and factor <= TABLE2_GOOD
            and risk == self.risk
            and (not self.stars or agree >= SIGNIFICANCE_SHARE * cells)
            and (not self.table3 or hits >= TABLE3_SHARE * len(self.t3))
        )
        names = frozenset(
            (var, variable(var)["categories"][k]["key"]) for var, k in risk if var != "undecided"
        )
        return Verdict(
            bool(meets), int(hits), float(factor), float(gap), (int(agree), cells), names
        )
