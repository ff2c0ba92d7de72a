"""report.html, report.pdf (WeasyPrint, text not images), report.xlsx (one sheet per table)
and figure1.svg, all from one ReportView."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from brobygger.lib.pdf import render_pdf
from brobygger.lib.spreadsheet import safe_cell, safe_row
from brobygger.survey.report.model import Cell, ReportView, TableView
from brobygger.survey.report.text import words

TEMPLATES = Path(__file__).parent / "templates"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render_html(view: ReportView, figure_svg: str) -> str:
    svg = figure_svg[figure_svg.find("<svg") :]  # inline: drop the XML prolog
    return _ENV.get_template("report.html").render(
        view=view, figure=svg, words=words(view.language)
    )


def write_pdf(html: str, path: Path, *, title: str, lang: str) -> None:
    """The report as a tagged PDF/UA-1 (:func:`brobygger.lib.pdf.render_pdf`)."""
    path.write_bytes(render_pdf(html, title=title, lang=lang, base_url=str(path.parent)))


def pdf_title(view: ReportView) -> str:
    """The PDF's title, as the HTML's ``<title>``: the report's title and the survey."""
    return f"{view.title} · {view.survey}"


def write_xlsx(view: ReportView, path: Path) -> None:
    """One sheet per table and one for the methods. Every text cell (titles, codebook labels)
    goes through :func:`safe_cell`, so a label such as ``=1+1`` stays text, not a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    w = words(view.language)
    book = Workbook()
    book.remove(book.active)
    sections: list[TableView] = [*view.tables, view.risk] + [t for _title, t in view.extra_sections]
    for table in sections:
        sheet = book.create_sheet((table.sheet or table.title)[:31])
        sheet.append([safe_cell(table.title)])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([])
        sheet.append(safe_row(table.header))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        for kind, row in zip(table.kinds, table.rows, strict=True):
            sheet.append([_value(c) for c in row])
            for target, source in zip(sheet[sheet.max_row], row, strict=True):
                if source.number_format:
                    target.number_format = source.number_format
                if kind != "category":
                    target.font = Font(bold=True)
        if table.footnote:
            sheet.append([])
            sheet.append([safe_cell(table.footnote)])
        sheet.column_dimensions["A"].width = 42
        sheet.freeze_panes = "B4"
    methods = book.create_sheet(w["sheet_methods"])
    methods.append([safe_cell(view.title)])
    methods.append([safe_cell(view.survey)])
    methods.append([safe_cell(view.counts + (" " + view.headcount if view.headcount else ""))])
    for title, text in view.methods:
        methods.append([])
        methods.append([safe_cell(title)])
        methods[methods.max_row][0].font = Font(bold=True)
        methods.append([safe_cell(text)])
    methods.column_dimensions["A"].width = 120
    book.save(path)


def _value(cell: Cell):
    """The number when the cell has one (a number stays a number), else the neutralised text."""
    return cell.value if cell.value is not None else safe_cell(cell.text)
