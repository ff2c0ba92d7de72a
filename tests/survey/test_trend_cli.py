"""`brobygger survey trend` through the real command: the files and the contract's columns,
and bad input (different bands or age groups, a label used twice, one wave, a standard that
does not sum to 1, a malformed --wave): one line on stderr, exit 2, nothing written."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.survey.conftest import edit_codebook

BROBYGGER = [sys.executable, "-m", "brobygger.cli"]
GOLDEN = Path(__file__).parent / "r" / "trend"
ISSUE_COLUMNS = (
    "group, wave, n, severe_pct, severe_pct_low, severe_pct_high, moderate_pct, severe_pct_std, "
    "diff_pp, diff_low, diff_high, diff_p"
)


@pytest.fixture
def waves(tmp_path):
    for name in ("wave2013.csv", "wave2017.csv", "codebook2013.yaml", "codebook2017.yaml",
                 "standard.csv"):  # fmt: skip
        shutil.copy(GOLDEN / name, tmp_path / name)
    return tmp_path


def wave(folder: Path, year: str) -> str:
    return f"{year}={folder / f'wave{year}.csv'}:{folder / f'codebook{year}.yaml'}"


def run(*args: str):
    return subprocess.run(
        [*BROBYGGER, "survey", "trend", *args], capture_output=True, text=True, check=False
    )


def assert_one_clear_line(result, out: Path, *fragments):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert not out.exists()


def test_it_writes_the_trend_with_the_issues_columns_and_rs_numbers(waves):
    out = waves / "out"
    result = run("--wave", wave(waves, "2013"), "--wave", wave(waves, "2017"), "--out", str(out),
                 "--standard", str(waves / "standard.csv"), "--formats", "csv,html,xlsx,svg",
                 "--lang", "en")  # fmt: skip
    assert result.returncode == 0, result.stderr
    with open(out / "trend.csv", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert ", ".join(reader.fieldnames) == ISSUE_COLUMNS
    assert [(r["group"], r["wave"]) for r in rows][:3] == [
        ("all", "2013"),
        ("all", "2017"),
        ("16-29", "2013"),
    ]
    with open(GOLDEN / "expected.csv", encoding="utf-8") as handle:
        expected = {(r["case"], r["group"], r["wave"], r["what"]): float(r["value"])
                    for r in csv.DictReader(handle)}  # fmt: skip
    whole = {r["wave"]: r for r in rows if r["group"] == "all"}
    assert float(whole["2017"]["diff_pp"]) == pytest.approx(
        expected[("diff", "all", "2017", "diff_pp")], rel=1e-6
    )
    assert float(whole["2017"]["severe_pct_std"]) == pytest.approx(
        expected[("standard_given", "all", "2017", "severe_pct_std")], rel=1e-6
    )
    assert whole["2013"]["diff_pp"] == ""  # the first wave is the reference
    assert all(r["severe_pct_std"] == "" for r in rows if r["group"] != "all")
    html = (out / "trend.html").read_text(encoding="utf-8")
    assert "rose from" in html and "<svg" in html and "no clear change" in html
    assert (out / "trend.svg").read_text(encoding="utf-8").count("<polyline") == 5
    sheets = pd.read_excel(out / "trend.xlsx", sheet_name=None)  # as is: one header row
    main = next(iter(sheets.values()))
    assert len(set(main.columns)) == len(main.columns)
    assert not [c for c in main.columns if str(c).startswith("Unnamed")]
    assert sum(main[c].dtype.kind in "if" for c in main.columns) >= 8  # estimates and bounds


def test_waves_with_different_bands(waves):
    edit_codebook(waves / "codebook2017.yaml", lambda c: c["loneliness"].update(severe=[8, 9]))
    out = waves / "out"
    result = run("--wave", wave(waves, "2013"), "--wave", wave(waves, "2017"), "--out", str(out))
    assert_one_clear_line(result, out, "wave 2017", "loneliness.severe", "(8, 9 vs 7, 9)")


def test_waves_with_different_age_groups(waves):
    def change(c):
        c["age"]["groups"][2]["to"] = 59
        c["age"]["groups"][3]["from"] = 60

    edit_codebook(waves / "codebook2017.yaml", change)
    out = waves / "out"
    result = run("--wave", wave(waves, "2013"), "--wave", wave(waves, "2017"), "--out", str(out))
    assert_one_clear_line(result, out, "wave 2017", "age.groups", "45-59")


def test_a_wave_label_used_twice(waves):
    out = waves / "out"
    twice = wave(waves, "2017").replace("2017=", "2013=", 1)
    result = run("--wave", wave(waves, "2013"), "--wave", twice, "--out", str(out))
    assert_one_clear_line(result, out, "'2013' is used twice")


def test_one_wave_only(waves):
    out = waves / "out"
    result = run("--wave", wave(waves, "2013"), "--out", str(out))
    assert_one_clear_line(result, out, "two or more waves")


@pytest.mark.parametrize(
    ("shares", "fragment"),
    [
        ("0.2,0.25,0.35,0.25", "sum to 1.05"),
        ("0.2,0.25,0.35,0.2000001", "not 1"),
    ],
)
def test_a_standard_that_does_not_sum_to_one(waves, shares, fragment):
    lines = ["from,share"] + [
        f"{f},{s}" for f, s in zip((16, 30, 45, 65), shares.split(","), strict=True)
    ]
    (waves / "standard.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = waves / "out"
    result = run("--wave", wave(waves, "2013"), "--wave", wave(waves, "2017"), "--out", str(out),
                 "--standard", str(waves / "standard.csv"))  # fmt: skip
    assert_one_clear_line(result, out, "standard.csv", fragment)


@pytest.mark.parametrize("spec", ["2017", "2017=data.csv", "=data.csv:codebook.yaml"])
def test_a_malformed_wave(waves, spec):
    out = waves / "out"
    result = run("--wave", wave(waves, "2013"), "--wave", spec, "--out", str(out))
    assert_one_clear_line(result, out, f"--wave {spec!r}", "LABEL=DATA:CODEBOOK")


def test_help_documents_the_command():
    result = run("--help")
    assert result.returncode == 0
    for text in ("--wave", "LABEL=DATA:CODEBOOK", "--standard", "--formats", "Example"):
        assert text in result.stdout
