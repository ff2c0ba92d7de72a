"""The same survey read from CSV, Parquet, SPSS, Stata and SAS transport gives the same tables,
and only the columns the codebook names are read."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest
import yaml

from brobygger.survey.codebook import parse_codebook
from brobygger.survey.errors import SurveyError
from brobygger.survey.prepare import prepare
from brobygger.survey.readers import read_table
from brobygger.survey.tables import build_tables

CASE = "r-survey/loneliness-case"


@pytest.fixture(scope="module")
def source(reference):
    frame = pd.read_csv(reference / CASE / "data.csv")  # numeric where it can be
    codebook = yaml.safe_load((reference / CASE / "codebook.yaml").read_text(encoding="utf-8"))
    return frame.iloc[:3000].reset_index(drop=True), codebook


def _write(frame, path):
    suffix = path.suffix
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".sav":
        pyreadstat.write_sav(frame, str(path))
    elif suffix == ".dta":
        pyreadstat.write_dta(frame, str(path))
    elif suffix == ".xpt":
        pyreadstat.write_xport(frame, str(path))


def _table2(frame, codebook, path):
    _write(frame, path)
    return {
        (r["variable"], r["category"]): (r.get("n"), r.get("severe_pct"), r.get("severe_or"))
        for r in build_tables(prepare(parse_codebook(codebook), path)).table2
    }


@pytest.mark.parametrize("suffix", [".parquet", ".sav", ".dta", ".xpt"])
def test_every_format_gives_the_same_tables_as_csv(source, tmp_path, suffix):
    frame, codebook = source
    if suffix == ".xpt":  # SAS transport names have at most 8 characters
        frame = frame.rename(columns={"alder_aar": "alder"})
        codebook = {**codebook, "age": {**codebook["age"], "column": "alder"}}
    expected = _table2(frame, codebook, tmp_path / "data.csv")
    got = _table2(frame, codebook, tmp_path / f"data{suffix}")
    assert got.keys() == expected.keys()
    for key, (n, pct, odds) in expected.items():
        got_n, got_pct, got_odds = got[key]
        assert got_n == n, key
        # None only where the CSV has none too (age, a number, has no percentage); else close
        assert (got_pct is None, got_odds is None) == (pct is None, odds is None), key
        if pct is not None:
            assert got_pct == pytest.approx(pct, rel=1e-9, abs=1e-12), key
        if odds is not None:
            assert got_odds == pytest.approx(odds, rel=1e-9), key


def test_it_reads_only_the_named_columns(source, tmp_path):
    frame, _codebook = source
    path = tmp_path / "data.csv"
    frame.assign(cpr="010203-1234").to_csv(path, index=False)
    read = read_table(path, ["wgt", "t1"], {})
    assert list(read.columns) == ["wgt", "t1"]


def test_it_reads_semicolon_separated_files(source, tmp_path):
    frame, codebook = source
    comma = _table2(frame, codebook, tmp_path / "comma.csv")
    path = tmp_path / "semicolon.csv"
    frame.to_csv(path, index=False, sep=";")
    semicolon = {
        (r["variable"], r["category"]): (r.get("n"), r.get("severe_pct"), r.get("severe_or"))
        for r in build_tables(prepare(parse_codebook(codebook), path)).table2
    }
    assert semicolon == comma


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".sav", ".dta", ".xpt"])
def test_it_refuses_a_file_with_more_rows_than_the_limit(source, tmp_path, suffix):
    frame, _codebook = source
    frame = frame[["wgt", "t1"]]
    path = tmp_path / f"data{suffix}"
    _write(frame, path)
    assert len(read_table(path, ["wgt", "t1"], {}, max_rows=len(frame))) == len(frame)
    with pytest.raises(SurveyError) as error:
        read_table(path, ["wgt", "t1"], {}, max_rows=len(frame) - 1)
    assert (
        str(error.value)
        == f"{path}: more than {len(frame) - 1} rows, the most that may be analysed"
    )
