"""Figure 1: adjusted odds ratios for severe loneliness, risk groups highlighted (SVG).

Written directly as SVG (a few lines, circles and text on a log axis): text stays text
(searchable, accessible), and no plotting library has to load for it. The log axis is labelled
with plain numbers (0,5 · 1 · 2 · 4 · 8), never in scientific notation.

Two layouts share the axis: :func:`figure_svg` (the report's figure, labels left of the plot)
and :func:`forest_svg` (a narrow chart for a web page, each label above its interval, so the
plot keeps the whole width on a phone).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from brobygger.survey.codebook import Codebook
from brobygger.survey.report.numbers import UNRELIABLE, decimal
from brobygger.survey.report.text import words
from brobygger.survey.tables import AGE, Tables

RISK_COLOUR = "#b4451f"
OTHER_COLOUR = "#5b6b75"
INK = "#1d2a33"
WIDTH, LEFT, RIGHT, ROW = 820, 300, 60, 22
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class Estimate:
    """One odds ratio with its interval, as the charts draw it."""

    label: str
    value: float
    low: float
    high: float
    highlight: bool = False  # a risk group: drawn in the risk colour
    unreliable: bool = False  # from a fit that did not converge: marked with UNRELIABLE


def _ticks(low: float, high: float) -> list[float]:
    """Powers of two that span [low, high] on the log axis (0.5, 1, 2, 4, 8 …)."""
    first, last = math.floor(math.log2(low)), math.ceil(math.log2(high))
    return [2.0**k for k in range(first, last + 1)]


log_ticks = _ticks  # the public name (the old private one is kept for importers)


def tick_label(value: float, language: str = "da") -> str:
    """A tick as a plain number: 0.5 -> "0,5" (Danish) or "0.5", 0.25 -> "0,25", 8 -> "8"."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language != "en" else text


class _Axis:
    """A log axis from the first to the last tick over [left, right] pixels."""

    def __init__(self, values: list[float], left: float, right: float):
        self.ticks = _ticks(min(values), max(values))
        self.left, self.right = left, right
        self._lo, self._hi = math.log(self.ticks[0]), math.log(self.ticks[-1])

    def x(self, value: float) -> float:
        span = (self._hi - self._lo) or 1.0
        return self.left + (math.log(value) - self._lo) / span * (self.right - self.left)

    def svg(self, *, top: float, bottom: float, title: str, language: str, threshold: float,
            font_size: int = 10) -> list[str]:  # fmt: skip
        """Ticks and their labels under ``bottom``, the axis title, the lines at 1 and at the
        risk threshold from ``top`` to ``bottom``."""
        out = []
        for tick in self.ticks:
            x = self.x(tick)
            out.append(
                f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="{INK}"/>'
                f'<text x="{x:.1f}" y="{bottom + 8 + font_size}" font-size="{font_size}" '
                f'text-anchor="middle">{escape(tick_label(tick, language))}</text>'
            )
        middle = (self.left + self.right) / 2
        out.append(
            f'<line x1="{self.left}" y1="{bottom}" x2="{self.right}" y2="{bottom}" stroke="{INK}"/>'
            f'<text x="{middle:.1f}" y="{bottom + 2 * font_size + 16}" font-size="{font_size + 1}" '
            f'text-anchor="middle">{escape(title)}</text>'
            f'<line x1="{self.x(1):.1f}" y1="{top}" x2="{self.x(1):.1f}" y2="{bottom}" '
            'stroke="#999999"/>'
            f'<line x1="{self.x(threshold):.1f}" y1="{top}" x2="{self.x(threshold):.1f}" '
            f'y2="{bottom}" stroke="{RISK_COLOUR}" stroke-dasharray="4 3"/>'
        )
        return out


def _interval(axis: _Axis, e: Estimate, y: float, language: str, size: int) -> str:
    colour = RISK_COLOUR if e.highlight else OTHER_COLOUR
    low, high = axis.x(e.low), axis.x(e.high)
    label_x = min(high + 4, axis.right + 2)
    return (
        f'<line x1="{low:.1f}" y1="{y:.1f}" x2="{high:.1f}" y2="{y:.1f}" stroke="{colour}" '
        'stroke-width="1.6"/>'
        f'<circle cx="{axis.x(e.value):.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
        f'<text x="{label_x:.1f}" y="{y + 4:.1f}" font-size="{size}" fill="{colour}">'
        f"{escape(decimal(e.value, 2, language))}</text>"
    )


def _label(e: Estimate) -> str:
    return e.label + (f" {UNRELIABLE}" if e.unreliable else "")


def estimates(codebook: Codebook, tables: Tables, language: str = "da") -> list[Estimate]:
    """Every non-reference category of Table 2 that has a finite severe-loneliness OR and
    interval, smallest OR first."""
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
    return [
        Estimate(
            labels[(r["variable"], r["category"])],
            r["severe_or"],
            r["severe_or_low"],
            r["severe_or_high"],
            highlight=(r["variable"], r["category"]) in risk,
            unreliable=bool(r.get("severe_problem")),
        )
        for r in rows
    ]


def figure_svg(codebook: Codebook, tables: Tables, language: str = "da") -> str:
    """Every non-reference category of Table 2 with its severe-loneliness OR and interval."""
    w = words(language)
    threshold = codebook.options.risk_or
    rows = estimates(codebook, tables, language)
    title = textwrap.wrap(w["figure"], 95)
    top = 20 + 16 * len(title) + 10
    height = top + ROW * max(len(rows), 1) + 50
    values = [threshold, 1.0] + [v for e in rows for v in (e.low, e.high)]
    axis = _Axis(values, LEFT, WIDTH - RIGHT)
    bottom = top + ROW * max(len(rows), 1)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" {FONT}>',
        f"<title>{escape(w['figure'])}</title>",
    ]
    for i, line in enumerate(title):
        out.append(f'<text x="10" y="{20 + 16 * i}" font-size="13">{escape(line)}</text>')
    out += axis.svg(
        top=top - 6, bottom=bottom, title=f"{w['or']} (log)", language=language,
        threshold=threshold,
    )  # fmt: skip
    for i, e in enumerate(rows):
        y = bottom - ROW * (i + 0.5)
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(_label(e))}</text>" + _interval(axis, e, y, language, 10)
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def forest_svg(rows: list[Estimate], *, title: str, axis_title: str, threshold: float,
               language: str = "da", width: int = 420, svg_id: str = "forest") -> str:  # fmt: skip
    """A narrow chart for a web page, largest OR first: each label on its own line above its
    interval. No XML prolog, no ``style`` (a strict Content-Security-Policy allows it inline);
    ``title`` is the accessible name (the page should also give the numbers as a table)."""
    top, left, right, line, size = 12, 12, width - 48, 19, 16
    per_line = int((width - 2 * left) / (0.58 * size))  # characters of a label per line
    ordered = sorted(rows, key=lambda e: e.value, reverse=True)
    labels = [textwrap.wrap(_label(e), per_line) or [""] for e in ordered]
    heights = [line * len(lines) + 28 for lines in labels]  # the label lines and the interval
    bottom = top + sum(heights) if ordered else top + 44
    height = bottom + 58
    values = [threshold, 1.0] + [v for e in ordered for v in (e.low, e.high)]
    axis = _Axis(values, left, right)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{svg_id}-title" class="chart forest" {FONT}>',
        f'<title id="{svg_id}-title">{escape(title)}</title>',
    ]
    out += axis.svg(
        top=top, bottom=bottom, title=axis_title, language=language, threshold=threshold,
        font_size=14,
    )  # fmt: skip
    y = top
    for e, lines, h in zip(ordered, labels, heights, strict=True):
        out += [
            f'<text x="{left}" y="{y + size + 2 + line * k}" font-size="{size}" fill="{INK}">'
            f"{escape(text)}</text>"
            for k, text in enumerate(lines)
        ]
        out.append(_interval(axis, e, y + h - 12, language, 14))
        y += h
    out.append("</svg>")
    return "".join(out)
