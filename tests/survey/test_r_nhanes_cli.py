"""R's nhanes data through the real command with a codebook (tests/survey/r/nhanes): Tables
1-3 against R (golden.R made nhanes/expected.csv), and the moderate model, which has no cases,
marked on stderr and in the note column."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

NHANES = Path(__file__).parent / "r" / "nhanes"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("nhanes")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "brobygger.cli",
            "survey",
            "analyse",
            str(NHANES / "nhanes.csv"),
            "--codebook",
            str(NHANES / "codebook.yaml"),
            "--out",
            str(out),
            "--formats",
            "csv",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return out, result


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_matches_r_on_nhanes_through_the_cli(run):
    out, _result = run
    ours = {}
    for name in ("table1", "table2", "table3"):
        for row in _rows(out / f"{name}.csv"):
            key = (name, row["group"], row.get("variable", ""), row.get("category", ""))
            ours[key] = row
    checked = 0
    for row in _rows(NHANES / "expected.csv"):
        mine = ours[(row["table"], row["group"], row["variable"], row["category"])]
        value, expected = float(mine[row["what"]]), float(row["value"])
        if row["what"] == "n":
            assert value == expected
        else:
            assert value == pytest.approx(expected, rel=1e-6, abs=1e-12), row
        checked += 1
    assert checked == 72


def test_the_moderate_model_without_cases_is_marked(run):
    out, result = run
    assert "warning: the moderate model of group all" in result.stderr
    table2 = _rows(out / "table2.csv")
    age = next(r for r in table2 if r["variable"] == "age")
    assert "moderate model:" in age["note"] and "severe" not in age["note"]
    female = next(r for r in table2 if r["category"] == "female")
    assert female["note"] == age["note"]
    assert all("severe" not in r["note"] for r in _rows(out / "table3.csv"))


def test_formats_csv_writes_only_the_contracts_csv_files(run):
    out, _result = run
    assert sorted(p.name for p in out.iterdir()) == [
        "bilag1.csv",
        "risk_groups.csv",
        "table1.csv",
        "table2.csv",
        "table3.csv",
    ]


def test_the_report_marks_the_unsound_fit_with_a_footnote(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "brobygger.cli", "survey", "analyse", str(NHANES / "nhanes.csv")]
        + ["--codebook", str(NHANES / "codebook.yaml"), "--out", str(tmp_path)]
        + ["--formats", "html,svg", "--lang", "en"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure1.svg", "report.html"]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    table2 = html[html.index("Table 2.") : html.index("Table 3.")]
    assert "†</td>" in table2
    assert "†: the model did not converge or hit separation" in table2
    table3 = html[html.index("Table 3.") : html.index("Appendix 1.")]
    assert "†" not in table3  # the severe models converged


def test_an_unknown_format_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "brobygger.cli", "survey", "analyse", str(NHANES / "nhanes.csv")]
        + ["--codebook", str(NHANES / "codebook.yaml"), "--out", str(tmp_path / "out")]
        + ["--formats", "csv,docx"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "error: --formats: unknown format 'docx' (use csv, html, xlsx, pdf, svg)"
    )
    assert not (tmp_path / "out").exists()
