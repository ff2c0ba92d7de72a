"""Read a survey file — CSV, Parquet, SAS (.sas7bdat, .xpt), SPSS (.sav), Stata (.dta) —
taking only the columns the codebook names. Every failure is a SurveyError naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from brobygger.survey.errors import SurveyError

FORMATS = {
    ".csv": "CSV",
    ".txt": "CSV",
    ".parquet": "Parquet",
    ".sas7bdat": "SAS",
    ".xpt": "SAS transport",
    ".sav": "SPSS",
    ".zsav": "SPSS",
    ".dta": "Stata",
}


def _check_columns(path: Path, available, wanted: list[str], sources: dict[str, str]) -> None:
    missing = [c for c in wanted if c not in set(available)]
    if missing:
        column = missing[0]
        raise SurveyError(
            "column_not_found", file=path, column=column, key=sources.get(column, "the codebook")
        )


def _separator(path: Path) -> str:
    """Comma, semicolon (Danish spreadsheets) or tab: whichever the header line uses most."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first_line = handle.readline()
    return max((",", ";", "\t"), key=first_line.count)


def read_table(
    path: Path | str,
    columns: list[str],
    sources: dict[str, str],
    *,
    max_rows: int | None = None,
) -> pd.DataFrame:
    """The named columns of a survey file, in the given order.

    ``sources`` maps a column to the codebook key that names it, for messages. ``max_rows``:
    a file with more rows is refused, from its metadata where the format has it, otherwise
    after reading at most ``max_rows + 1`` rows (never the whole of an oversized file).
    """
    path = Path(path)
    if not path.exists():
        raise SurveyError("no_such_file", file=path)
    if path.is_dir():
        raise SurveyError("is_folder", file=path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SurveyError(
            "unknown_file_type", file=path, suffix=path.suffix, types=", ".join(sorted(FORMATS))
        )
    if path.stat().st_size == 0:
        raise SurveyError("file_empty", file=path)
    try:
        frame = _read(path, kind, columns, sources, max_rows)
    except SurveyError:
        raise
    except Exception as exc:  # a corrupt file: the libraries raise many kinds of errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SurveyError("unreadable_file", file=path, kind=kind, reason=reason) from None
    if len(frame) == 0:
        raise SurveyError("no_respondents", file=path)
    _check_rows(path, len(frame), max_rows)
    return frame[columns]


def _check_rows(path: Path, rows: int | None, max_rows: int | None) -> None:
    if max_rows is not None and rows is not None and rows > max_rows:
        raise SurveyError("too_many_rows", file=path, n=max_rows)


def _newlines(path: Path) -> int:
    """Line breaks in the file: at least its number of data rows (a header, quoted breaks)."""
    count = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def _read(path: Path, kind: str, columns: list[str], sources, max_rows=None) -> pd.DataFrame:
    if kind == "CSV":
        sep = _separator(path)
        try:
            header = pd.read_csv(path, nrows=0, encoding="utf-8-sig", sep=sep)
        except pd.errors.EmptyDataError:
            raise SurveyError("file_empty", file=path) from None
        _check_columns(path, header.columns, columns, sources)
        options = {"usecols": columns, "dtype": str, "keep_default_na": False, "sep": sep}
        if max_rows is not None and _newlines(path) > max_rows:
            # Possibly too long: read one row past the limit and no more, then decide.
            return pd.read_csv(path, encoding="utf-8-sig", nrows=max_rows + 1, **options)
        try:  # pyarrow's multithreaded parser; the C parser for whatever it cannot take
            return pd.read_csv(path, engine="pyarrow", **options)
        except Exception:  # noqa: BLE001 - any failure: let the other parser decide
            return pd.read_csv(path, encoding="utf-8-sig", **options)
    if kind == "Parquet":
        import pyarrow.parquet as pq

        _check_columns(path, pq.read_schema(path).names, columns, sources)
        _check_rows(path, pq.read_metadata(path).num_rows, max_rows)
        return pd.read_parquet(path, columns=columns)
    import pyreadstat

    reader: Any = {
        "SAS": pyreadstat.read_sas7bdat,
        "SAS transport": pyreadstat.read_xport,
        "SPSS": pyreadstat.read_sav,
        "Stata": pyreadstat.read_dta,
    }[kind]
    _empty, meta = reader(str(path), metadataonly=True)
    _check_columns(path, meta.column_names, columns, sources)
    _check_rows(path, meta.number_rows, max_rows)  # None when the format does not say
    limit = {} if max_rows is None else {"row_limit": max_rows + 1}
    frame, _meta = reader(str(path), usecols=columns, **limit)
    return frame
