"""The numbers and labels the Aarhus report published, as data: one loader for everyone.

``data/aarhus2013.json`` holds what "Hvordan har du det? 2013" printed (Tables 1-3, Bilag 1,
the age odds ratios and the risk groups) with the labels of its age groups, factors and
categories. The synthetic survey is calibrated to it, the demo sets the reproduced numbers beside
it, and the coverage page takes its labels from it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from brobygger.survey.errors import SurveyError

PUBLISHED = Path(__file__).parent / "data" / "aarhus2013.json"

# The report's age groups as (first year, last year); None is the open upper end.
BANDS: dict[str, tuple[int, int | None]] = {
    "16-29": (16, 29),
    "30-44": (30, 44),
    "45-59": (45, 59),
    "60-74": (60, 74),
    "75+": (75, None),
}

_KEYS = ("total_n", "age_groups", "table1", "variables", "age_or", "risk_groups")


@lru_cache(maxsize=1)
def published() -> dict:
    """The published numbers (read once). Raises SurveyError naming the file if it is not the
    expected shape."""
    try:
        data = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SurveyError("published_unreadable", file=PUBLISHED, reason=str(exc)) from None
    missing = [key for key in _KEYS if key not in data]
    if missing:
        raise SurveyError("published_missing", file=PUBLISHED, keys=", ".join(missing))
    groups = [g["key"] for g in data["age_groups"]]
    if groups != list(BANDS):
        raise SurveyError(
            "published_age_groups", file=PUBLISHED, groups=str(groups), expected=str(list(BANDS))
        )
    return data


def variable(key: str) -> dict:
    """One published factor (its labels, categories and their numbers) by machine name."""
    for v in published()["variables"]:
        if v["key"] == key:
            return v
    raise KeyError(key)
