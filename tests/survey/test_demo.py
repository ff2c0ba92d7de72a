"""`brobygger survey demo`: no file needed, the whole analysis, and the comparison with the
report, clearly labelled synthetic."""

from __future__ import annotations

import csv
import subprocess

import pytest

from brobygger.survey.demo import run_demo

# one worker runs the module: the demo analysis is made once
pytestmark = pytest.mark.xdist_group("survey_demo")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return out, run_demo(out, language="da")


def test_it_writes_every_file_and_the_comparison(demo):
    out, result = demo
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
        "comparison.csv",
    ):
        assert (out / name).stat().st_size > 0, name
    with open(out / "comparison.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    tables = {r["table"] for r in rows}
    assert tables == {"table1", "table2", "table3", "bilag1"}
    table1 = [r for r in rows if r["table"] == "table1"]
    assert len(table1) == 18  # 3 outcomes x (whole population + 5 age groups)
    assert all(abs(float(r["published"]) - float(r["reproduced"])) <= 0.5 for r in table1)


def test_the_report_says_it_is_synthetic_and_compares(demo):
    out, _result = demo
    text = subprocess.run(
        ["pdftotext", str(out / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Syntetiske data" in text
    assert "Offentliggjort og genskabt" in text
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Syntetiske data" in html
    methods = html[html.index('class="methods"') :]
    assert "<dt>Syntetiske data</dt>" in methods and "<dt>Begrænsninger</dt>" in methods
    assert "uafhængige inden for en aldersgruppe" in text  # the limits, in the PDF too


def test_it_counts_the_severely_lonely_people_of_each_risk_group(demo):
    """people = Bilag 1's share of the category × its severe prevalence × the population,
    read from the files (not the formula in the code), within 0.5 % for every risk group."""
    out, result = demo
    population = result.codebook.population
    with open(out / "bilag1.csv", encoding="utf-8") as handle:
        share = {
            (r["group"], r["variable"], r["category"]): float(r["pct"]) / 100
            for r in csv.DictReader(handle)
        }
    with open(out / "risk_groups.csv", encoding="utf-8") as handle:
        risk = list(csv.DictReader(handle))
    assert risk
    html = (out / "report.html").read_text(encoding="utf-8")
    for row in risk:
        key = (row["group"], row["variable"], row["category"])
        expected = share[key] * float(row["severe_pct"]) / 100 * population
        assert float(row["people"]) == pytest.approx(expected, rel=0.005), key
        shown = f"{round(float(row['people'])):,d}".replace(",", ".")
        assert f"<td>{shown}</td>" in html, key
    # the whole population's severely lonely bound every category's count
    with open(out / "table1.csv", encoding="utf-8") as handle:
        whole = float(next(csv.DictReader(handle))["severe_pct"])
    assert all(float(r["people"]) < whole / 100 * population for r in risk)
