"""Numbers as the report prints them: Danish decimal commas and thousands points by default."""

from __future__ import annotations

SUPPRESSED = "─"
UNRELIABLE = "†"  # from a fit that did not converge or hit separation


def decimal(value: float | None, digits: int = 1, language: str = "da") -> str:
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    if language == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count(value: int | None, language: str = "da") -> str:
    if value is None:
        return ""
    text = f"{value:,d}"
    return text if language == "en" else text.replace(",", ".")


def odds_ratio(row: dict, prefix: str, alpha: float, language: str = "da") -> str:
    """'2,19*' for a significant OR, '1' for the reference, '─' when suppressed, '' when absent."""
    if row.get("suppressed"):
        return SUPPRESSED
    value = row.get(f"{prefix}_or")
    if value is None:
        return ""
    if row.get("reference"):
        return "1"
    p = row.get(f"{prefix}_p")
    star = "*" if p is not None and p < alpha else ""
    return decimal(value, 2, language) + star
