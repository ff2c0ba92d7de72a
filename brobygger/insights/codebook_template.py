"""The codebook template analysts download: a commented YAML in the codebook contract's format
(codebook-format.md), with ``FILL_IN_…`` where the survey's own column names go."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
PLACEHOLDER = "FILL_IN_"


def template_text(language: str = "da") -> str:
    """The template, its comments in ``language`` (Danish unless English)."""
    name = "codebook-template.en.yaml" if language == "en" else "codebook-template.da.yaml"
    return (DATA / name).read_text(encoding="utf-8")


def unfilled_line(text: str) -> int | None:
    """The first line (1-based) that still holds a placeholder, outside comments; else None."""
    for number, line in enumerate(text.splitlines(), start=1):
        if PLACEHOLDER in line.split("#", 1)[0]:
            return number
    return None
