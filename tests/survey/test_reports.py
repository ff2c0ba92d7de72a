"""The human report: real HTML, XLSX, PDF (text, embedded fonts) and SVG files."""

from __future__ import annotations

import re
import subprocess
from html import unescape

import pandas as pd
import pytest
from openpyxl import load_workbook

from brobygger.survey.analyse import analyse

# one worker runs the module: each language's report is made once
pytestmark = pytest.mark.xdist_group("survey_reports")

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
    assert sheet.cell(row=2, column=2).value == result.tables.table1[0]["n"]
    assert sheet.cell(row=2, column=5).value == pytest.approx(result.tables.table1[0]["severe_pct"])
    stars = [
        c for row in book[expected[1]].iter_rows() for c in row if c.number_format == '0.00"*"'
    ]
    assert stars, "significant odds ratios carry their star in the number format"


def test_pandas_reads_each_table_as_is_with_a_number_for_every_estimate(report):
    """One header row per sheet, read by ``pandas.read_excel`` without arguments: an interval
    is two numeric columns, † and suppression sit in a note column, never in the number."""
    language, out, result = report
    sheets = pd.read_excel(out / "report.xlsx", sheet_name=None)
    *tables, _methods = sheets
    for name in tables:
        frame = sheets[name]
        assert not [c for c in frame.columns if str(c).startswith("Unnamed")], name
        assert not [c for c in frame.columns if re.search(r"\.\d+$", str(c))], name  # no x.1
        note = "Note"
        text_columns = [c for c in frame.columns if frame[c].dtype == object]
        labels = 2 if name in tables[1:3] + tables[4:5] else 1  # variable and category
        assert set(text_columns) <= {*frame.columns[:labels], note}, (name, text_columns)
        assert len(frame.columns) - len(text_columns) >= 3, name
    table1 = sheets[tables[0]]
    whole = result.tables.table1[0]
    low, high = (c for c in table1.columns if str(c).endswith(("grænse", "bound")))
    assert table1.loc[0, low] == pytest.approx(whole["severe_pct_low"])
    assert table1.loc[0, high] == pytest.approx(whole["severe_pct_high"])
    assert table1[low].lt(table1[high]).all()
    table3 = sheets[tables[2]]
    odds = [c for c in table3.columns if c not in table3.columns[:1] and "OR" in str(c)]
    assert odds and all(table3[c].dtype.kind == "f" for c in odds)


def _html_sections(html: str) -> dict[str, list[tuple[str, list[str]]]]:
    """Each section's heading -> its table rows as (kind, cell texts)."""
    sections = {}
    for part in html.split("<section")[1:]:
        title = unescape(re.search(r"<h2>(.*?)</h2>", part, re.S).group(1))
        rows = re.findall(r"<tr(?: class=\"(\w*)\")?>(.*?)</tr>", part, re.S)
        sections[title] = [
            (kind, [unescape(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)])
            for kind, r in rows
        ]
    return sections


def test_the_html_marks_significance_and_suppression(report):
    """Table 3 in the HTML, cell by cell against the computed table: a suppressed cell shows
    "─" in both its columns, and an odds ratio carries "*" exactly when its p < alpha."""
    language, out, result = report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in html
    assert "<svg" in html
    codebook = result.codebook
    alpha = codebook.options.alpha
    title = next(t for t in _html_sections(html) if t.startswith(("Tabel 3", "Table 3")))
    rows = _html_sections(html)[title]
    variables = {c.name: c.label.get(language) for c in codebook.covariates}
    labels = {
        (c.name, k.name): k.label.get(language) for c in codebook.covariates for k in c.categories
    }
    groups = [g.key for g in codebook.age.groups]

    def html_cells(variable, category):
        heading = [i for i, (kind, cells) in enumerate(rows) if cells[0] == variables[variable]]
        assert len(heading) == 1, variable
        for kind, cells in rows[heading[0] + 1 :]:
            if kind == "variable":
                break
            label = labels[(variable, category)]
            if cells[0] == label or cells[0].startswith(label + " ("):
                return cells
        raise AssertionError((variable, category))

    checked = suppressed = starred = 0
    for row in result.tables.table3:
        if row["variable"] == "age":
            continue
        cells = html_cells(row["variable"], row["category"])
        column = 1 + 2 * groups.index(row["group"])
        pct, odds = cells[column], cells[column + 1]
        if row.get("suppressed"):
            assert pct == odds == "─", (row, pct, odds)
            suppressed += 1
        else:
            assert "─" not in pct + odds, (row, pct, odds)
            significant = row.get("severe_p") is not None and row["severe_p"] < alpha
            assert odds.endswith("*") is (significant and not row.get("reference")), (row, odds)
            starred += odds.endswith("*")
        checked += 1
    assert checked > 40 and suppressed >= 1 and starred >= 1


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
    share = {
        (b["variable"], b["category"]): b["pct"]
        for b in result.tables.bilag1
        if b["group"] == "all"
    }
    for r in result.tables.risk_groups:  # the contract: population × share × prevalence
        expected = 500000 * share[(r["variable"], r["category"])] / 100 * r["severe_pct"] / 100
        assert r["people"] == pytest.approx(expected, rel=0.005)
