"""The trend across survey waves on the insight pages (issue 15; filled in by its owner)."""

from __future__ import annotations


def demo_trend_view() -> dict | None:
    """The synthetic two-wave trend for the insight page, or None when there is none."""
    return None
