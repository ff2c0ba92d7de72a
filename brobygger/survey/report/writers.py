"""report.html, report.pdf (WeasyPrint, text not images), report.xlsx (one sheet per table)
and figure1.svg, all from one ReportView."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from brobygger.lib.pdf import render_pdf
from brobygger.lib.spreadsheet import safe_cell, safe_row
from brobygger.survey.report import numbers as fmt
from brobygger.survey.report.model import ReportView, TableView
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
    """One sheet per table and one for the methods, each table sheet read as is by
    ``pandas.read_excel``: one header row, then the rows; every estimate a number. An interval
    is two numeric columns (its bounds); † (an unreliable fit) and suppression go in a note
    column, never into the number. The titles are in the workbook's properties and each
    sheet's printed header; the tables' footnotes are on the methods sheet.

    Every text cell (titles, codebook labels) goes through :func:`safe_cell`, so a label such
    as ``=1+1`` stays text, not a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    w = words(view.language)
    book = Workbook()
    book.remove(book.active)
    book.properties.title = view.title
    book.properties.subject = view.survey
    book.properties.language = view.language
    sections: list[TableView] = [*view.tables, view.risk] + [t for _title, t in view.extra_sections]
    notes: list[tuple[str, str]] = []
    for table in sections:
        sheet = book.create_sheet((table.sheet or table.title)[:31])
        sheet.oddHeader.center.text = table.title
        header, rows = sheet_rows(table, w)
        sheet.append(safe_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        for kind, row in zip(table.kinds, rows, strict=True):
            sheet.append([value for value, _format in row])
            for target, (_value, number_format) in zip(sheet[sheet.max_row], row, strict=True):
                if number_format:
                    target.number_format = number_format
                if kind != "category":
                    target.font = Font(bold=True)
        if table.footnote:
            notes.append((table.title, table.footnote))
        sheet.column_dimensions["A"].width = 42
        sheet.freeze_panes = "B2"
    methods = book.create_sheet(w["sheet_methods"])
    methods.append([safe_cell(view.title)])
    methods.append([safe_cell(view.survey)])
    methods.append([safe_cell(view.counts + (" " + view.headcount if view.headcount else ""))])
    for title, text in view.methods:
        methods.append([])
        methods.append([safe_cell(title)])
        methods[methods.max_row][0].font = Font(bold=True)
        methods.append([safe_cell(text)])
    if notes:
        methods.append([])
        methods.append([safe_cell(w["notes_heading"])])
        methods[methods.max_row][0].font = Font(bold=True)
        for title, footnote in notes:
            methods.append([safe_cell(f"{title}: {footnote}")])
    methods.column_dimensions["A"].width = 120
    book.save(path)


def sheet_rows(table: TableView, w: dict[str, str]):
    """The sheet's header and its rows as (value, number format) pairs: an interval column
    becomes two (its bounds), a repeated heading says which estimate it belongs to ("aOR
    (Severe %)"), and a note column says per row which column is marked: † (an unreliable
    fit), * (p below alpha; the number's format shows it too) or suppressed."""
    columns = range(len(table.header))
    intervals = {j for j in columns if any(row[j].low is not None for row in table.rows)}
    numeric = {j for j in columns if any(row[j].value is not None for row in table.rows)}
    names = [name or w["category"] for name in table.header]
    names = [
        f"{name} ({names[j - 1]})" if j and names.count(name) > 1 else name
        for j, name in enumerate(names)
    ]
    header: list[str] = []
    for j, name in enumerate(names):
        if j in intervals:
            header += [w["bound_low"].format(header=name), w["bound_high"].format(header=name)]
        else:
            header.append(name)
    rows, any_note = [], False
    for row in table.rows:
        out: list[tuple[object, str | None]] = []
        note: list[str] = []
        for j, cell in enumerate(row):
            if j in intervals:
                out += [(cell.low, cell.number_format), (cell.high, cell.number_format)]
            elif j in numeric:
                out.append((cell.value, cell.number_format if cell.value is not None else None))
                if cell.value is None and cell.text == fmt.SUPPRESSED:
                    note.append(f"{names[j]}: {w['note_suppressed']}")
                elif cell.value is not None and (cell.number_format or "").endswith('"*"'):
                    note.append(f"{names[j]}: *")
            else:
                out.append((safe_cell(cell.text), None))
            if cell.mark:
                note.append(f"{names[j]}: {cell.mark}")
        any_note = any_note or bool(note)
        rows.append((out, "; ".join(note)))
    if not any_note:
        return header, [out for out, _note in rows]
    return [*header, w["note"]], [[*out, (safe_cell(note), None)] for out, note in rows]
