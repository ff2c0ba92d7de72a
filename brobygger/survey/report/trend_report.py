"""The trend's files: trend.csv (the contract), trend_standardised.csv, trend_standard.csv,
and the report section as trend.html, trend.pdf, trend.xlsx and trend.svg (the line chart)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from brobygger.lib.spreadsheet import safe_cell, safe_row
from brobygger.survey import trend as t
from brobygger.survey.output import write_csv
from brobygger.survey.report import numbers as fmt
from brobygger.survey.report.model import Cell, TableView, group_labels
from brobygger.survey.report.text import words
from brobygger.survey.report.trend_figure import trend_svg
from brobygger.survey.report.trend_text import trend_words

TEMPLATES = Path(__file__).parent / "templates"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
TREND_FORMATS = ("csv", "html", "xlsx", "pdf", "svg")


@dataclass
class TrendView:
    language: str
    title: str
    waves: str
    counts: list[str]
    summary_title: str
    sentences: list[str]
    figure_title: str
    tables: list[TableView]
    method_title: str
    method: str
    synthetic_note: str = ""
    extra: dict = field(default_factory=dict)


def _num(value, digits: int, language: str) -> Cell:
    if value is None:
        return Cell("")
    return Cell(fmt.decimal(value, digits, language), value, "0." + "0" * digits)


def _signed(value, digits: int, language: str) -> str:
    text = fmt.decimal(value, digits, language)
    return text if value < 0 else f"+{text}"


def _interval(low, high, digits: int, language: str) -> Cell:
    if low is None or high is None:
        return Cell("")
    word = "to" if language == "en" else "til"
    return Cell(
        f"{fmt.decimal(low, digits, language)} {word} {fmt.decimal(high, digits, language)}",
        number_format="0." + "0" * digits,
        low=low,
        high=high,
    )


def _p(value, language: str) -> Cell:
    if value is None:
        return Cell("")
    text = "< 0,001" if value < 0.001 else fmt.decimal(value, 3, language)
    return Cell(text.replace(",", ".") if language == "en" else text, value, "0.000")


def level_text(trend: t.Trend, language: str) -> str:
    return fmt.decimal(100 * trend.codebook.options.level, 0, language)


def sentences(trend: t.Trend, language: str) -> list[str]:
    """One sentence per group: the last wave against the first (rose, fell, no clear change
    as the interval of the difference decides), then the age-standardised one."""
    w, labels = trend_words(language), group_labels(trend.codebook, language)
    first, last = trend.waves[0], trend.waves[-1]
    level = level_text(trend, language)
    out = []
    for group in labels:
        rows = {r["wave"]: r for r in trend.rows if r["group"] == group}
        a, b = rows.get(first, {}), rows.get(last, {})
        kind = t.sentence_kind(b)
        if kind is None or a.get("severe_pct") is None:
            continue
        out.append(
            w[kind].format(
                group=labels[group],
                a=fmt.decimal(a["severe_pct"], 1, language),
                b=fmt.decimal(b["severe_pct"], 1, language),
                first=first,
                last=last,
                diff=_signed(b["diff_pp"], 1, language),
                low=fmt.decimal(b["diff_low"], 1, language),
                high=fmt.decimal(b["diff_high"], 1, language),
                level=level,
            )
        )
    a, b = trend.standardised[0], trend.standardised[-1]
    kind = t.sentence_kind({"diff_low": b.get("diff_std_low"), "diff_high": b.get("diff_std_high")})
    if kind is not None:
        out.append(
            w[f"std_{kind}"].format(
                a=fmt.decimal(a["severe_pct_std"], 1, language),
                b=fmt.decimal(b["severe_pct_std"], 1, language),
                diff=_signed(b["diff_std_pp"], 1, language),
                low=fmt.decimal(b["diff_std_low"], 1, language),
                high=fmt.decimal(b["diff_std_high"], 1, language),
                level=level,
            )
        )
    return out


def build_trend_view(trend: t.Trend, language: str = "da", synthetic_note: str = "") -> TrendView:
    w, labels = trend_words(language), group_labels(trend.codebook, language)
    level = level_text(trend, language)
    first, last = trend.waves[0], trend.waves[-1]
    main = TableView(
        w["table"].format(first=first),
        [w["group"], w["wave"], w["n"], w["severe_pct"], w["interval"].format(level=level),
         w["moderate_pct"], w["severe_pct_std"], w["diff"],
         w["diff_interval"].format(level=level), w["p"]],
        [], [], sheet=w["sheet_trend"],
    )  # fmt: skip
    for row in trend.rows:
        main.rows.append(
            [
                Cell(labels[row["group"]]),
                Cell(row["wave"]),
                Cell(fmt.count(row["n"], language), row["n"], "#,##0"),
                _num(row.get("severe_pct"), 1, language),
                _interval(row.get("severe_pct_low"), row.get("severe_pct_high"), 1, language),
                _num(row.get("moderate_pct"), 1, language),
                _num(row.get("severe_pct_std"), 1, language),
                _num(row.get("diff_pp"), 1, language),
                _interval(row.get("diff_low"), row.get("diff_high"), 1, language),
                _p(row.get("diff_p"), language),
            ]
        )
        main.kinds.append("total" if row["group"] == t.ALL else "category")
    std = TableView(
        w["standardised"],
        [w["wave"], w["crude"], w["interval"].format(level=level), w["severe_pct_std"],
         w["interval"].format(level=level), w["diff"], w["diff_interval"].format(level=level),
         w["p"]],
        [], [], sheet=w["sheet_standardised"],
    )  # fmt: skip
    for row in trend.standardised:
        std.rows.append(
            [
                Cell(row["wave"]),
                _num(row.get("severe_pct"), 1, language),
                _interval(row.get("severe_pct_low"), row.get("severe_pct_high"), 1, language),
                _num(row["severe_pct_std"], 1, language),
                _interval(row["severe_pct_std_low"], row["severe_pct_std_high"], 1, language),
                _num(row.get("diff_std_pp"), 1, language),
                _interval(row.get("diff_std_low"), row.get("diff_std_high"), 1, language),
                _p(row.get("diff_std_p"), language),
            ]
        )
        std.kinds.append("category")
    standard = TableView(w["standard"], [w["group"], w["share"]], [], [], sheet=w["sheet_standard"])
    for row in trend.standard:
        standard.rows.append([Cell(labels[row["group"]]), _num(row["share"], 3, language)])
        standard.kinds.append("category")
    counts = [
        w["counts"].format(wave=label, n=fmt.count(n, language), scored=fmt.count(scored, language))
        for label, (n, scored) in trend.counts.items()
    ]
    return TrendView(
        language=language,
        title=w["title"],
        waves=w["waves"].format(waves=", ".join(trend.waves)),
        counts=counts,
        summary_title=w["summary"].format(first=first, last=last),
        sentences=sentences(trend, language),
        figure_title=w["figure_level"].format(level=level),
        tables=[main, std, standard],
        method_title=w["method_title"],
        method=w["method"].format(
            standard=w["standard_given" if trend.standard_given else "standard_default"]
        ),
        synthetic_note=synthetic_note,
    )


def figure(trend: t.Trend, language: str) -> str:
    labels = group_labels(trend.codebook, language)
    w = trend_words(language)
    title = w["figure_level"].format(level=level_text(trend, language))
    return trend_svg(list(labels.items()), trend.rows, trend.waves, title, language)


def write_trend(trend: t.Trend, out_dir: Path, *, formats=TREND_FORMATS, language: str = "da",
                synthetic_note: str = "") -> list[Path]:  # fmt: skip
    """Write the chosen files into ``out_dir``; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "csv" in formats:
        for name, columns, rows in (
            ("trend.csv", t.TREND_COLUMNS, trend.rows),
            ("trend_standardised.csv", t.STANDARDISED_COLUMNS, trend.standardised),
            ("trend_standard.csv", t.STANDARD_COLUMNS, trend.standard),
        ):
            write_csv(out_dir / name, columns, rows)
            written.append(out_dir / name)
    if not {"html", "xlsx", "pdf", "svg"} & set(formats):
        return written
    view = build_trend_view(trend, language, synthetic_note)
    svg = figure(trend, language)
    if "svg" in formats:
        written.append(out_dir / "trend.svg")
        written[-1].write_text(svg, encoding="utf-8")
    html = render_trend_html(view, svg)
    if "html" in formats:
        written.append(out_dir / "trend.html")
        written[-1].write_text(html, encoding="utf-8")
    if "xlsx" in formats:
        written.append(out_dir / "trend.xlsx")
        write_trend_xlsx(view, written[-1])
    if "pdf" in formats:
        from brobygger.survey.report.writers import write_pdf

        written.append(out_dir / "trend.pdf")
        write_pdf(html, written[-1])
    return written


def render_trend_html(view: TrendView, svg: str) -> str:
    return _ENV.get_template("trend.html").render(
        view=view, figure=svg[svg.find("<svg") :], words=trend_words(view.language)
    )


def write_trend_xlsx(view: TrendView, path: Path) -> None:
    """One sheet per table and one for the summary and method; text through safe_cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from brobygger.survey.report.writers import sheet_rows

    w = trend_words(view.language)
    report_words = words(view.language)
    book = Workbook()
    book.remove(book.active)
    book.properties.title = view.title
    book.properties.language = view.language
    for table in view.tables:  # one header row, numbers as numbers (see writers.write_xlsx)
        sheet = book.create_sheet(table.sheet[:31])
        sheet.oddHeader.center.text = table.title
        header, rows = sheet_rows(table, report_words)
        sheet.append(safe_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([value for value, _format in row])
            for target, (_value, number_format) in zip(sheet[sheet.max_row], row, strict=True):
                if number_format:
                    target.number_format = number_format
        sheet.column_dimensions["A"].width = 24
        sheet.freeze_panes = "B2"
    notes = book.create_sheet(w["sheet_method"])
    lines = [view.title, view.synthetic_note, view.waves, *view.counts, "", view.summary_title,
             *view.sentences, "", view.method_title, view.method]  # fmt: skip
    for line in lines:
        notes.append([safe_cell(line)])
    notes.column_dimensions["A"].width = 120
    book.save(path)
