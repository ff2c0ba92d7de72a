"""Files people download from a page and open in a spreadsheet program.

A CSV meant for Excel starts with a UTF-8 byte order mark: without it, Danish Excel reads the
file as Windows-1252 and shows "Ã¦" for "æ". The contract's own CSV files (the survey tables)
keep the form their specification gives and are not made here. Every text cell goes through
``lib.spreadsheet.safe_record``, so nothing in a cell runs as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from brobygger.lib.spreadsheet import safe_record

UTF8_BOM = "\ufeff"


def excel_csv_response(
    filename: str, fieldnames: Sequence[str], rows: Iterable[dict]
) -> HttpResponse:
    """``rows`` as an attached CSV download named ``filename`` that Excel opens right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(UTF8_BOM)
    writer = csv.DictWriter(response, fieldnames=list(fieldnames))
    writer.writeheader()
    writer.writerows(safe_record(row) for row in rows)
    return response
