"""The survey report and the trend report (issue 23): tagged PDF/UA-1, read back with pikepdf.
Their tables have header cells for columns and rows, and their figures alternative text."""

from __future__ import annotations

from pathlib import Path

import pytest

from brobygger.survey import trend as t
from brobygger.survey.analyse import analyse
from tests.pdf.structure import assert_accessible, read

CASE = "r-survey/loneliness-case"
TREND = Path(__file__).resolve().parent.parent / "survey" / "r" / "trend"


@pytest.fixture(scope="module")
def survey_pdf(reference, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("survey-report")
    analyse(
        reference / CASE / "data.csv",
        reference / CASE / "codebook.yaml",
        out,
        language="en",
        formats=("pdf",),
    )
    return out / "report.pdf"


def test_it_makes_the_survey_report_an_accessible_pdf(survey_pdf, tmp_path):
    report = read(survey_pdf, tmp_path)
    title = (
        "Loneliness: prevalence and risk groups · Loneliness parity case (synthetic, weights only)"
    )
    assert_accessible(report, title=title, lang="en")
    levels = report.heading_levels()
    assert levels[0] == 1 and set(levels[1:]) == {2}
    # Tables 1-3, Bilag 1 and the risk groups (a table over two pages is two Table elements,
    # the column headers repeated on the second)
    tables = report.tables()
    assert len(tables) >= 5
    headers = [len(cell.attributes["/Headers"]) for table in tables for cell in table.all("TD")]
    # each number cell points at its row's header and its column's; a risk group's row is
    # named by its variable and its category (two row headers)
    assert set(headers) == {2, 3}
    [figure] = report.figures()
    assert figure.alt.startswith("Figure 1."), figure.alt


def test_it_makes_the_trend_report_an_accessible_pdf(tmp_path):
    specs = [
        t.WaveSpec(year, TREND / f"wave{year}.csv", TREND / f"codebook{year}.yaml")
        for year in ("2013", "2017")
    ]
    _trend, files = t.run_trend(specs, tmp_path / "out", formats=("pdf",), language="da")
    [path] = files
    report = read(path, tmp_path)
    title = "Ensomhed over tid: svær ensomhed i flere undersøgelsesrunder"
    assert_accessible(report, title=title, lang="da")
    assert report.heading_levels() == [1, 2, 2, 2, 2, 2]
    [figure] = report.figures()
    assert figure.alt == "Svær ensomhed pr. runde (%) med 95 %-konfidensinterval"
    assert report.tables()
