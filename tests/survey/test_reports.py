"""The human report: real HTML, XLSX, PDF (text, embedded fonts) and SVG files."""

from __future__ import annotations

import subprocess

import pytest
from openpyxl import load_workbook

from brobygger.survey.analyse import analyse

CASE = "r-survey/loneliness-case"


@pytest.fixture(scope="module", params=["da", "en"])
def report(request, reference, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"report-{request.param}")
    result = analyse(
        reference / CASE / "data.csv",
        reference / CASE / "codebook.yaml",
        out,
        language=request.param,
    )
    return request.param, out, result


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_is_text_with_embedded_fonts_and_local_decimals(report):
    language, out, result = report
    text = _pdf_text(out / "report.pdf")
    whole = result.tables.table1[0]
    severe = f"{whole['severe_pct']:.1f}"
    if language == "da":
        assert severe.replace(".", ",") in text
        assert "Tabel 2" in text and "Risikogrupper" in text
    else:
        assert severe in text
        assert "Table 2" in text and "Risk groups" in text
    fonts = subprocess.run(
        ["pdffonts", str(out / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb column


def test_the_pdf_pages_render(report, tmp_path):
    _language, out, _result = report
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(out / "report.pdf"), str(tmp_path / "page")],
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    assert all(p.stat().st_size > 5_000 for p in pages)  # not blank


def test_the_workbook_has_one_sheet_per_table_with_numbers(report):
    language, out, result = report
    book = load_workbook(out / "report.xlsx")
    expected = (
        ["Tabel 1", "Tabel 2", "Tabel 3", "Bilag 1", "Risikogrupper", "Metode"]
        if language == "da"
        else ["Table 1", "Table 2", "Table 3", "Appendix 1", "Risk groups", "Methods"]
    )
    assert book.sheetnames == expected
    sheet = book[expected[0]]
    assert sheet.cell(row=4, column=2).value == result.tables.table1[0]["n"]
    assert sheet.cell(row=4, column=5).value == pytest.approx(result.tables.table1[0]["severe_pct"])
    stars = [
        c for row in book[expected[1]].iter_rows() for c in row if c.number_format == '0.00"*"'
    ]
    assert stars, "significant odds ratios carry their star in the number format"


def test_the_html_marks_significance_and_suppression(report):
    language, out, result = report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in html
    assert "─" in html  # the suppressed 60-74 disability cell
    assert "*" in html
    assert "<svg" in html


def test_the_figure_is_an_svg_with_text(report):
    language, out, result = report
    svg = (out / "figure1.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    label = "Psykisk lidelse" if language == "da" else "Mental disorder"
    assert label in svg


def test_the_risk_groups_are_those_of_rs_table_2(report, reference):
    """OR >= 2 with p < .05, applied to R's own Table 2 for the parity case."""
    import csv

    _language, _out, result = report
    with open(reference / CASE / "expected" / "table2.csv", encoding="utf-8") as handle:
        from_r = {
            (r["variable"], r["category"])
            for r in csv.DictReader(handle)
            if r["variable"] != "age"
            and r["reference"] == "false"
            and r["suppressed"] == "false"
            and float(r["severe_or"]) >= 2
            and float(r["severe_p"]) < 0.05
        }
    assert {(r["variable"], r["category"]) for r in result.tables.risk_groups} == from_r
    assert len(from_r) == 6
    assert all(
        r["people"] == pytest.approx(r["severe_pct"] / 100 * 500000)
        for r in result.tables.risk_groups
    )
