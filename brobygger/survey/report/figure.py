"""Figure 1: adjusted odds ratios for severe loneliness, risk groups highlighted (SVG).

Written directly as SVG (a few lines, circles and text on a log axis): text stays text
(searchable, accessible), and no plotting library has to load for it.
"""

from __future__ import annotations

import math
import textwrap
from xml.sax.saxutils import escape

from brobygger.survey.codebook import Codebook
from brobygger.survey.report.numbers import UNRELIABLE, decimal
from brobygger.survey.report.text import words
from brobygger.survey.tables import AGE, Tables

RISK_COLOUR = "#b4451f"
OTHER_COLOUR = "#5b6b75"
WIDTH, LEFT, RIGHT, ROW = 820, 300, 60, 22
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _ticks(low: float, high: float) -> list[float]:
    """Powers of two (and their halves) that span [low, high] on the log axis."""
    first, last = math.floor(math.log2(low)), math.ceil(math.log2(high))
    return [2.0**k for k in range(first, last + 1)]


def figure_svg(codebook: Codebook, tables: Tables, language: str = "da") -> str:
    """Every non-reference category of Table 2 with its severe-loneliness OR and interval."""
    w = words(language)
    opts = codebook.options
    labels = {
        (c.name, k.name): f"{c.label.get(language)}: {k.label.get(language)}"
        for c in codebook.covariates
        for k in c.categories
    }
    risk = {(r["variable"], r["category"]) for r in tables.risk_groups}
    rows = [
        r
        for r in tables.table2
        if r["variable"] != AGE
        and not r.get("reference")
        and not r.get("suppressed")
        and r.get("severe_or_low") is not None
        and all(0 < r[k] < float("inf") for k in ("severe_or", "severe_or_low", "severe_or_high"))
    ]
    rows.sort(key=lambda r: r["severe_or"])
    title = textwrap.wrap(w["figure"], 95)
    top = 20 + 16 * len(title) + 10
    height = top + ROW * max(len(rows), 1) + 50
    values = [opts.risk_or, 1.0] + [r[k] for r in rows for k in ("severe_or_low", "severe_or_high")]
    ticks = _ticks(min(values), max(values))
    lo, hi = math.log(ticks[0]), math.log(ticks[-1])
    plot_width = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + (math.log(value) - lo) / (hi - lo) * plot_width

    bottom = top + ROW * max(len(rows), 1)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" {FONT}>',
        f"<title>{escape(w['figure'])}</title>",
    ]
    for i, line in enumerate(title):
        out.append(f'<text x="10" y="{20 + 16 * i}" font-size="13">{escape(line)}</text>')
    for tick in ticks:
        out.append(
            f'<line x1="{x(tick):.1f}" y1="{bottom}" x2="{x(tick):.1f}" y2="{bottom + 5}" '
            'stroke="#1d2a33"/>'
            f'<text x="{x(tick):.1f}" y="{bottom + 18}" font-size="10" text-anchor="middle">'
            f"{escape(decimal(tick, 2 if tick < 1 else 0, language))}</text>"
        )
    out.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#1d2a33"/>'
        f'<text x="{LEFT + plot_width / 2:.1f}" y="{bottom + 36}" font-size="11" '
        f'text-anchor="middle">{escape(w["or"])} (log)</text>'
        f'<line x1="{x(1):.1f}" y1="{top - 6}" x2="{x(1):.1f}" y2="{bottom}" stroke="#999999"/>'
        f'<line x1="{x(opts.risk_or):.1f}" y1="{top - 6}" x2="{x(opts.risk_or):.1f}" '
        f'y2="{bottom}" stroke="{RISK_COLOUR}" stroke-dasharray="4 3"/>'
    )
    for i, row in enumerate(rows):
        y = bottom - ROW * (i + 0.5)
        colour = RISK_COLOUR if (row["variable"], row["category"]) in risk else OTHER_COLOUR
        label = labels[(row["variable"], row["category"])]
        label += f" {UNRELIABLE}" if row.get("severe_problem") else ""
        low, high = x(row["severe_or_low"]), x(row["severe_or_high"])
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<line x1="{low:.1f}" y1="{y:.1f}" x2="{high:.1f}" y2="{y:.1f}" stroke="{colour}" '
            'stroke-width="1.6"/>'
            f'<circle cx="{x(row["severe_or"]):.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
            f'<text x="{high + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="{colour}">'
            f"{escape(decimal(row['severe_or'], 2, language))}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
