"""Writing the machine-readable CSV files of the contract (UTF-8, dot decimal, full precision).

Text that came from the codebook or the data (a category name, a label) is neutralised so a
spreadsheet does not run it as a formula; numbers are written as numbers, also negative ones.
"""

from __future__ import annotations

import csv
from pathlib import Path

from brobygger.lib.spreadsheet import safe_cell
from brobygger.survey import tables as t


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "" if value != value else repr(value)
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])


def write_tables(out_dir: Path, tables: t.Tables) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = [
        ("table1.csv", t.TABLE1_COLUMNS, tables.table1),
        ("table2.csv", t.TABLE2_COLUMNS, tables.table2),
        ("table3.csv", t.TABLE3_COLUMNS, tables.table3),
        ("bilag1.csv", t.BILAG1_COLUMNS, tables.bilag1),
        ("risk_groups.csv", t.RISK_COLUMNS, tables.risk_groups),
    ]
    written = []
    for name, columns, rows in files:
        write_csv(out_dir / name, columns, rows)
        written.append(out_dir / name)
    return written
