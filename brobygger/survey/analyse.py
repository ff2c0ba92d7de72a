"""One whole analysis: codebook + data file in, the contract's CSV files and the report out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brobygger.survey.codebook import Codebook, load_codebook
from brobygger.survey.output import write_tables
from brobygger.survey.prepare import AnalysisData, prepare
from brobygger.survey.tables import Tables, build_tables

STEPS = 12  # reading, 7 models, table 1, writing the CSV files, the figure, the reports


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
) -> Analysis:
    """Run the analysis and write every output file into ``out_dir``."""
    tick = progress or (lambda _step: None)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    data = prepare(codebook, data_path)
    tick("read")
    tables = build_tables(data, progress=tick)
    out_dir = Path(out_dir)
    files = write_tables(out_dir, tables)
    tick("csv")
    if reports:
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
        )
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
) -> list[Path]:
    from brobygger.survey.report.figure import figure_svg
    from brobygger.survey.report.model import build_view
    from brobygger.survey.report.writers import render_html, write_pdf, write_xlsx

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
    svg = figure_svg(codebook, tables, language)
    (out_dir / "figure1.svg").write_text(svg, encoding="utf-8")
    tick("figure")
    html = render_html(view, svg)
    (out_dir / "report.html").write_text(html, encoding="utf-8")
    write_xlsx(view, out_dir / "report.xlsx")
    write_pdf(html, out_dir / "report.pdf")
    tick("reports")
    return [out_dir / n for n in ("figure1.svg", "report.html", "report.xlsx", "report.pdf")]
