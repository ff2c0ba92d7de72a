"""Later survey waves for the trend demo (issue 15): invented, modest changes.

The health survey is repeated every few years; the synthetic survey has one wave, 2013,
calibrated to the published report. ``synthesize(wave="2017")`` (``brobygger survey synth
--wave 2017``) draws another wave from the same generator: new respondents (seed 2017 unless
one is given), the same age structure, factors, weights and odds ratios, and Table 1's severe
prevalence changed in one or two age groups by the percentage points below, taken from the
not lonely (the moderate share stays). A draw of a later wave is kept when it meets Table 1
(as changed), Table 2's odds ratios and the seven risk groups; the report's significance stars
and Table 3 cells describe the 2013 sample and are not asked of it. The changes are INVENTED
for the demo: no later report is reproduced, and the insight page says so.

- 2017: 16-29 +2.5 points (severe loneliness among the young rises), 75+ -1.5 points;
- 2021: 16-29 +3.5 points, 30-44 +1.5 points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brobygger.survey.errors import SurveyError


@dataclass(frozen=True)
class WaveChange:
    label: str
    severe_shift: dict[str, float] = field(default_factory=dict)  # percentage points per group

    @property
    def seed(self) -> int:
        return int(self.label)


DEFAULT_WAVE = "2013"
WAVES = {
    "2013": WaveChange("2013"),
    "2017": WaveChange("2017", {"16-29": 2.5, "75+": -1.5}),
    "2021": WaveChange("2021", {"16-29": 3.5, "30-44": 1.5}),
}


def wave_change(label: str) -> WaveChange:
    """The wave by its label; an unknown label is an error listing the known ones."""
    try:
        return WAVES[label]
    except KeyError:
        raise SurveyError("wave_unknown", label=label, choices=", ".join(WAVES)) from None
