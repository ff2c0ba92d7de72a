"""The three-item loneliness scale (T-ILS) asked in a conversation: three answers from 1 (hardly
ever) to 3 (often), summed to 3-9. The bands are the report's: 7-9 severe, 5-6 moderate. The
band is for the evaluation and the broker; a citizen is never shown a label."""

from __future__ import annotations

from collections.abc import Sequence

MODERATE_FROM = 5
SEVERE_FROM = 7


def tils_score(items: Sequence[int]) -> int:
    if len(items) != 3:
        raise ValueError(f"items: expected three answers, got {len(items)}")
    for number, answer in enumerate(items, start=1):
        if answer not in (1, 2, 3):
            raise ValueError(f"item{number}: answers are 1, 2 or 3, got {answer!r}")
    return int(sum(items))


def tils_band(score: int) -> str:
    if score >= SEVERE_FROM:
        return "severe"
    if score >= MODERATE_FROM:
        return "moderate"
    return "none"
