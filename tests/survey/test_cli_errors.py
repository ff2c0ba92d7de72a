"""Bad input: one clear line on stderr naming the file, column, key or code; exit status 2;
no traceback; nothing written. Run through the real command, as a user would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.survey.conftest import edit_codebook, edit_csv

BROBYGGER = [sys.executable, "-m", "brobygger.cli"]


def run(data: Path, codebook: Path, out: Path):
    return subprocess.run(
        [
            *BROBYGGER,
            "survey",
            "analyse",
            str(data),
            "--codebook",
            str(codebook),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
    )


def assert_one_clear_line(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_it_analyses_the_parity_case(case, tmp_path):
    data, codebook = case
    result = run(data, codebook, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for name in (
        "table1.csv",
        "table2.csv",
        "table3.csv",
        "bilag1.csv",
        "risk_groups.csv",
        "report.html",
        "report.xlsx",
        "report.pdf",
        "figure1.svg",
    ):
        assert (tmp_path / "out" / name).stat().st_size > 0, name


def test_a_missing_column(case, tmp_path):
    data, codebook = case
    edit_csv(data, lambda f: f.pop("bolig"))
    assert_one_clear_line(
        run(data, codebook, tmp_path / "out"), "data.csv", "'bolig'", "covariates[5].column"
    )
    assert not (tmp_path / "out").exists()


def test_an_unknown_code(case, tmp_path):
    data, codebook = case
    edit_csv(data, lambda f: f.loc.__setitem__((41, "udd"), "7"))
    assert_one_clear_line(
        run(data, codebook, tmp_path / "out"), "data.csv", "'udd'", "unknown code 7", "row 42"
    )


def test_an_unknown_loneliness_code(case, tmp_path):
    data, codebook = case
    edit_csv(data, lambda f: f.loc.__setitem__((3, "t2"), "5"))
    assert_one_clear_line(
        run(data, codebook, tmp_path / "out"),
        "'t2'",
        "loneliness.items[1]",
        "unknown code 5",
        "row 4",
    )


@pytest.mark.parametrize(("value", "problem"), [("-2.5", "not positive"), ("", "missing weight")])
def test_a_negative_or_missing_weight(case, tmp_path, value, problem):
    data, codebook = case
    edit_csv(data, lambda f: f.loc.__setitem__((9, "wgt"), value))
    assert_one_clear_line(
        run(data, codebook, tmp_path / "out"), "'wgt'", "design.weight", problem, "row 10"
    )


def test_an_empty_file(case, tmp_path):
    data, codebook = case
    data.write_text("", encoding="utf-8")
    assert_one_clear_line(run(data, codebook, tmp_path / "out"), "data.csv", "empty")


def test_a_header_without_respondents(case, tmp_path):
    data, codebook = case
    data.write_text(data.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert_one_clear_line(run(data, codebook, tmp_path / "out"), "data.csv", "no respondents")


def test_a_misspelt_codebook_key(case, tmp_path):
    data, codebook = case
    edit_codebook(
        codebook, lambda c: c["loneliness"].__setitem__("sevre", c["loneliness"].pop("missing"))
    )
    assert_one_clear_line(
        run(data, codebook, tmp_path / "out"), "codebook.yaml", "loneliness.sevre", "unknown key"
    )


def test_a_file_that_does_not_exist(case, tmp_path):
    _data, codebook = case
    assert_one_clear_line(
        run(tmp_path / "nowhere.sav", codebook, tmp_path / "out"), "nowhere.sav", "no such file"
    )


def test_a_corrupt_sav(case, tmp_path):
    _data, codebook = case
    corrupt = tmp_path / "survey.sav"
    corrupt.write_bytes(b"$FL2@(#) IBM SPSS STATISTICS" + bytes(range(256)) * 3)
    assert_one_clear_line(
        run(corrupt, codebook, tmp_path / "out"), "survey.sav", "cannot be read as SPSS"
    )


def test_a_non_numeric_age(case, tmp_path):
    data, codebook = case
    edit_csv(data, lambda f: f.loc.__setitem__((99, "alder_aar"), "fyrre"))
    assert_one_clear_line(
        run(data, codebook, tmp_path / "out"),
        "'alder_aar'",
        "age.column",
        "'fyrre' is not a number",
        "row 100",
    )


def test_a_codebook_that_does_not_exist(case, tmp_path):
    data, _codebook = case
    assert_one_clear_line(run(data, tmp_path / "missing.yaml", tmp_path / "out"), "missing.yaml")


def test_help_documents_the_command():
    result = subprocess.run(
        [*BROBYGGER, "survey", "analyse", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for option in ("--codebook", "--out", "--lang", "Example"):
        assert option in result.stdout
