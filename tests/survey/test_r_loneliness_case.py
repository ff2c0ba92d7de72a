"""Every cell of Tables 1-3 against R's survey package on the parity case
(shared/reference/r-survey/loneliness-case: reference.R made expected/)."""

from __future__ import annotations

import csv

import pytest

from brobygger.survey.codebook import load_codebook
from brobygger.survey.prepare import prepare
from brobygger.survey.tables import build_tables

CASE = "r-survey/loneliness-case"
RELATIVE = ("or", "or_low", "or_high")  # odds ratios and their limits: 1e-6 relative
ABSOLUTE = ("pct", "pct_low", "pct_high", "p")  # percentages and p-values: 1e-6 absolute


@pytest.fixture(scope="module")
def ours(reference):
    codebook = load_codebook(reference / CASE / "codebook.yaml")
    return build_tables(prepare(codebook, reference / CASE / "data.csv"))


def _expected(reference, name):
    with open(reference / CASE / "expected" / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _key(row):
    return (row["group"], row.get("variable", ""), row.get("category", ""))


def _compare(expected_rows, our_rows):
    ours = {_key({k: ("" if v is None else str(v)) for k, v in r.items()}): r for r in our_rows}
    assert len(ours) == len(our_rows)
    checked = 0
    for row in expected_rows:
        key = _key(row)
        assert key in ours, f"missing row {key}"
        mine = ours[key]
        for column, text in row.items():
            if column in ("group", "variable", "category"):
                continue
            value = mine.get(column)
            if column in ("reference", "suppressed"):
                assert str(value).lower() == text.lower(), (key, column)
                continue
            if column == "n":
                assert ("" if value is None else str(value)) == text, (key, column)
                continue
            if mine.get("suppressed"):
                # the contract: a suppressed cell has empty estimates
                assert value is None, (key, column)
                continue
            if text == "":
                assert value is None, (key, column, value)
                continue
            suffix = column.split("_", 1)[1] if "_" in column else column
            if suffix in RELATIVE:
                assert value == pytest.approx(float(text), rel=1e-6), (key, column)
            else:
                assert suffix in ABSOLUTE
                assert value == pytest.approx(float(text), abs=1e-6), (key, column)
            checked += 1
    assert len(ours) == len(expected_rows), "rows that R does not have"
    return checked


def test_table1_matches_r(reference, ours):
    assert _compare(_expected(reference, "table1.csv"), ours.table1) == 6 * 5


def test_table2_matches_r(reference, ours):
    assert _compare(_expected(reference, "table2.csv"), ours.table2) > 100


def test_table3_matches_r(reference, ours):
    assert _compare(_expected(reference, "table3.csv"), ours.table3) > 200
