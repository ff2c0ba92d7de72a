"""The figure's log axis reads as plain numbers (0,5 · 1 · 2 · 4 · 8), in the report's figure
and in the web page's risk chart, parsed from the SVG itself."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from brobygger.survey.analyse import analyse
from brobygger.survey.report.figure import Estimate, forest_svg, tick_label

SVG = "{http://www.w3.org/2000/svg}"
CASE = "r-survey/loneliness-case"


def _tick_texts(svg: str) -> list[str]:
    """The texts under the axis: centred texts, in order from left to right."""
    root = ET.fromstring(svg[svg.find("<svg") :])
    texts = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    ticks = [t for t in texts if t.text and any(ch.isdigit() for ch in t.text)]
    return [t.text for t in sorted(ticks, key=lambda t: float(t.get("x")))]


ROWS = [
    Estimate("Bor alene", 2.2, 1.6, 2.97, highlight=True),
    Estimate("Pension", 0.66, 0.55, 1.05),
    Estimate("Psykisk lidelse: Ja", 5.4, 3.5, 7.9, highlight=True),
]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", ["0,5", "1", "2", "4", "8"]), ("en", ["0.5", "1", "2", "4", "8"])],
)
def test_the_web_chart_ticks_are_plain_numbers(language, expected):
    svg = forest_svg(ROWS, title="t", axis_title="OR", threshold=2.0, language=language)
    assert _tick_texts(svg) == expected


def test_tick_labels_have_no_trailing_zeros_or_exponents():
    assert [tick_label(v) for v in (0.25, 0.5, 1.0, 2.0, 16.0)] == ["0,25", "0,5", "1", "2", "16"]
    assert tick_label(0.125, "en") == "0.125"


def test_the_web_chart_draws_each_estimate_largest_first_without_styles():
    svg = forest_svg(ROWS, title="Risk", axis_title="OR", threshold=2.0, language="en")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Risk"
    assert "style" not in svg and not svg.startswith("<?xml")
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text[0].isalpha()]
    assert labels[-3:] == ["Psykisk lidelse: Ja", "Bor alene", "Pension"]
    assert len(root.findall(f"{SVG}circle")) == 3


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_reports_figure_axis_reads_powers_of_two(reference, tmp_path, language):
    analyse(
        reference / CASE / "data.csv",
        reference / CASE / "codebook.yaml",
        tmp_path,
        language=language,
        formats=("svg",),
    )
    ticks = _tick_texts((tmp_path / "figure1.svg").read_text(encoding="utf-8"))
    half = "0,5" if language == "da" else "0.5"
    assert ticks == [half, "1", "2", "4", "8", "16"]  # this case's intervals reach past 8


def test_the_pdf_report_prints_the_same_readable_axis(reference, tmp_path):
    import subprocess

    analyse(
        reference / CASE / "data.csv",
        reference / CASE / "codebook.yaml",
        tmp_path,
        formats=("pdf",),
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = text.splitlines()
    axis = next(i for i, line in enumerate(lines) if "ORa (log)" in line)
    ticks = next(line for line in reversed(lines[:axis]) if line.strip()).split()
    assert ticks == ["0,5", "1", "2", "4", "8", "16"]
