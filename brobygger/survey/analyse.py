"""One whole analysis: codebook + data file in, the contract's CSV files and the report out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brobygger.survey.codebook import Codebook, load_codebook
from brobygger.survey.errors import SurveyError
from brobygger.survey.output import write_tables
from brobygger.survey.prepare import AnalysisData, prepare
from brobygger.survey.tables import Tables, build_tables

STEPS = 12  # reading, 7 models, table 1, writing the CSV files, the figure, the reports
FORMATS = ("csv", "html", "xlsx", "pdf", "svg")
REPORT_FORMATS = ("html", "xlsx", "pdf", "svg")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"csv,pdf"`` -> ("csv", "pdf"); an unknown name is an error naming it."""
    chosen = tuple(dict.fromkeys(p.strip().lower() for p in text.split(",") if p.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise SurveyError("formats_unknown", value=unknown[0])
    if not chosen:
        raise SurveyError("formats_none")
    return chosen


@dataclass
class Analysis:
    codebook: Codebook
    data: AnalysisData
    tables: Tables
    files: list[Path]


def analyse(
    data_path: Path,
    codebook: Codebook | Path,
    out_dir: Path,
    *,
    language: str = "da",
    progress: Callable[[str], None] | None = None,
    synthetic_note: str = "",
    extra_sections=(),
    extra_methods=(),
    reports: bool = True,
    max_rows: int | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> Analysis:
    """Run the analysis and write the output files into ``out_dir``.

    ``formats``: which of csv (the contract's CSV files), html, xlsx, pdf and svg (the report
    and its figure) to write; ``reports=False`` writes the CSV files only. ``max_rows`` refuses
    a survey with more respondents than that (None: no limit).
    """
    tick = progress or (lambda _step: None)
    chosen = tuple(f for f in formats if f in REPORT_FORMATS) if reports else ()
    worker = None
    if "pdf" in chosen:
        from brobygger.survey.report.pdf_worker import PdfWorker

        worker = PdfWorker()  # loads WeasyPrint beside the statistics
    try:
        if not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook)
        data = prepare(codebook, data_path, max_rows=max_rows)
        tick("read")
        tables = build_tables(data, progress=tick)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        files = write_tables(out_dir, tables) if "csv" in formats else []
        tick("csv")
        if chosen:
            files += write_reports(
                codebook,
                data,
                tables,
                out_dir,
                language=language,
                data_path=data_path,
                synthetic_note=synthetic_note,
                extra_sections=extra_sections,
                extra_methods=extra_methods,
                progress=tick,
                formats=chosen,
                pdf_worker=worker,
            )
    except BaseException:
        if worker is not None:
            worker.cancel()
        raise
    return Analysis(codebook, data, tables, files)


def write_reports(
    codebook,
    data,
    tables,
    out_dir: Path,
    *,
    language,
    data_path,
    synthetic_note="",
    extra_sections=(),
    extra_methods=(),
    progress=None,
    formats: tuple[str, ...] = REPORT_FORMATS,
    pdf_worker=None,
) -> list[Path]:
    """The report (html, xlsx, pdf) and its figure (svg): those of ``formats``."""
    from brobygger.survey.report.model import build_view
    from brobygger.survey.report.writers import pdf_title, render_html, write_pdf, write_xlsx

    tick = progress or (lambda _step: None)
    view = build_view(
        codebook,
        tables,
        language=language,
        n_total=data.n,
        n_scored=int(data.scored.sum()),
        options_used={"data_file": f"{Path(data_path).name}"},
        synthetic_note=synthetic_note,
    )
    view.extra_sections = list(extra_sections)
    view.methods = [*view.methods, *extra_methods]
    written = []
    svg = ""
    if {"svg", "html", "pdf"} & set(formats):
        from brobygger.survey.report.figure import figure_svg  # imported only when drawn

        svg = figure_svg(codebook, tables, language)
    if "svg" in formats:
        written.append(out_dir / "figure1.svg")
        written[-1].write_text(svg, encoding="utf-8")
    tick("figure")
    html = render_html(view, svg) if {"html", "pdf"} & set(formats) else ""
    if "html" in formats:
        written.append(out_dir / "report.html")
        written[-1].write_text(html, encoding="utf-8")
    if "pdf" in formats and pdf_worker is not None:
        # laid out while the XLSX is written
        pdf_worker.start(html, out_dir / "report.pdf", title=pdf_title(view), lang=view.language)
    if "xlsx" in formats:
        written.append(out_dir / "report.xlsx")
        write_xlsx(view, written[-1])
    if "pdf" in formats:
        written.append(out_dir / "report.pdf")
        if pdf_worker is not None:
            pdf_worker.wait()
        else:
            write_pdf(html, written[-1], title=pdf_title(view), lang=view.language)
    tick("reports")
    return written
