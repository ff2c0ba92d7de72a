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
            f"{path}: column {column!r} not found (named by {sources.get(column, 'the codebook')})"
        )


def _separator(path: Path) -> str:
    """Comma, semicolon (Danish spreadsheets) or tab: whichever the header line uses most."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first_line = handle.readline()
    return max((",", ";", "\t"), key=first_line.count)


def read_table(path: Path | str, columns: list[str], sources: dict[str, str]) -> pd.DataFrame:
    """The named columns of a survey file, in the given order.

    ``sources`` maps a column to the codebook key that names it, for messages.
    """
    path = Path(path)
    if not path.exists():
        raise SurveyError(f"{path}: no such file")
    if path.is_dir():
        raise SurveyError(f"{path}: is a folder, not a survey file")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SurveyError(
            f"{path}: unknown file type {path.suffix!r} (use {', '.join(sorted(FORMATS))})"
        )
    if path.stat().st_size == 0:
        raise SurveyError(f"{path}: the file is empty")
    try:
        frame = _read(path, kind, columns, sources)
    except SurveyError:
        raise
    except Exception as exc:  # a corrupt file: the libraries raise many kinds of errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SurveyError(f"{path}: cannot be read as {kind} ({reason})") from None
    if len(frame) == 0:
        raise SurveyError(f"{path}: no respondents in the file")
    return frame[columns]


def _read(path: Path, kind: str, columns: list[str], sources) -> pd.DataFrame:
    if kind == "CSV":
        sep = _separator(path)
        try:
            header = pd.read_csv(path, nrows=0, encoding="utf-8-sig", sep=sep)
        except pd.errors.EmptyDataError:
            raise SurveyError(f"{path}: the file is empty") from None
        _check_columns(path, header.columns, columns, sources)
        options = {"usecols": columns, "dtype": str, "keep_default_na": False, "sep": sep}
        try:  # pyarrow's multithreaded parser; the C parser for whatever it cannot take
            return pd.read_csv(path, engine="pyarrow", **options)
        except Exception:  # noqa: BLE001 - any failure: let the other parser decide
            return pd.read_csv(path, encoding="utf-8-sig", **options)
    if kind == "Parquet":
        import pyarrow.parquet as pq

        _check_columns(path, pq.read_schema(path).names, columns, sources)
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
    frame, _meta = reader(str(path), usecols=columns)
    return frame
