"""Text cells that a spreadsheet program would run as a formula are neutralised.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some versions, a tab or carriage return) as a formula, also in a CSV file. A value
typed by an editor or taken from a codebook could then run ``=HYPERLINK(...)`` or worse on the
analyst's machine (OWASP "CSV injection"). Every CSV and XLSX we write passes its text cells
through :func:`safe_cell`, which prefixes such text with an apostrophe, the convention the
spreadsheet programs themselves use to mark "this is text". Numbers are left alone, so a
negative number stays a number. No Django here: the survey library uses it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text that a spreadsheet would read as a formula.

    >>> safe_cell("=1+1"), safe_cell("-3"), safe_cell(-3), safe_cell("Ventilen")
    ("'=1+1", "'-3", -3, 'Ventilen')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`safe_cell`."""
    return [safe_cell(value) for value in values]


def safe_record(record: dict[str, Any]) -> dict[str, Any]:
    """Every value of a ``csv.DictWriter`` row through :func:`safe_cell`."""
    return {key: safe_cell(value) for key, value in record.items()}
