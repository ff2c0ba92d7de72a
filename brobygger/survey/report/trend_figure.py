"""The trend's line chart: severe prevalence per wave with its interval, one small panel per
group (the whole population first), on a common axis so the panels compare.

Written directly as SVG (lines, circles, text): text stays text, and no plotting library has
to load. :func:`panel_svg` draws one group (the web page lays the panels out itself, so they
wrap on a narrow screen); :func:`trend_svg` sets them side by side for the report's figure.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from brobygger.survey.report.numbers import decimal

PANEL_W, PANEL_H = 300, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 34, 30
LINE = "#0b4f6c"
WHOLE = "#1d2a33"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def axis_top(rows: list[dict]) -> float:
    """A round upper end for the y axis that holds every interval."""
    highest = max((r.get("severe_pct_high") or r.get("severe_pct") or 0 for r in rows), default=0)
    step = _step(highest)
    return max(step, math.ceil(highest / step) * step)


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25):
        if top / step <= 5:
            return float(step)
    return 25.0


def _panel(label: str, points: list[dict], waves: list[str], top: float, language: str,
           whole: bool) -> list[str]:  # fmt: skip
    plot_w, plot_h = PANEL_W - LEFT - RIGHT, PANEL_H - TOP - BOTTOM
    colour = WHOLE if whole else LINE

    def x(i: int) -> float:
        return LEFT + plot_w * (i + 0.5) / len(waves)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    weight = ' font-weight="bold"' if whole else ""
    out = [f'<text x="{LEFT - 36}" y="18" font-size="14"{weight}>{escape(label)}</text>']
    step = _step(top)
    tick = 0.0
    while tick <= top + 1e-9:
        out.append(
            f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{PANEL_W - RIGHT}" y2="{y(tick):.1f}" '
            f'stroke="#d5dbdf"/><text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" font-size="11" '
            f'text-anchor="end">{escape(decimal(tick, 0, language))}</text>'
        )
        tick += step
    for i, wave in enumerate(waves):
        out.append(
            f'<text x="{x(i):.1f}" y="{PANEL_H - 10}" font-size="12" text-anchor="middle">'
            f"{escape(wave)}</text>"
        )
    by_wave = {p["wave"]: p for p in points if p.get("severe_pct") is not None}
    path = [
        f"{x(i):.1f},{y(by_wave[w]['severe_pct']):.1f}" for i, w in enumerate(waves) if w in by_wave
    ]
    if len(path) > 1:
        out.append(
            f'<polyline points="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
    for i, wave in enumerate(waves):
        p = by_wave.get(wave)
        if p is None:
            continue
        cx, cy = x(i), y(p["severe_pct"])
        if p.get("severe_pct_low") is not None and p.get("severe_pct_high") is not None:
            lo, hi = y(p["severe_pct_low"]), y(p["severe_pct_high"])
            out.append(
                f'<line x1="{cx:.1f}" y1="{lo:.1f}" x2="{cx:.1f}" y2="{hi:.1f}" '
                f'stroke="{colour}" stroke-width="1.5"/>'
                f'<line x1="{cx - 5:.1f}" y1="{lo:.1f}" x2="{cx + 5:.1f}" y2="{lo:.1f}" '
                f'stroke="{colour}"/><line x1="{cx - 5:.1f}" y1="{hi:.1f}" x2="{cx + 5:.1f}" '
                f'y2="{hi:.1f}" stroke="{colour}"/>'
            )
        out.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"/>'
            f'<text x="{cx + 8:.1f}" y="{cy - 6:.1f}" font-size="11" fill="{colour}">'
            f"{escape(decimal(p['severe_pct'], 1, language))}</text>"
        )
    return out


def panel_svg(label: str, points: list[dict], waves: list[str], top: float, language: str = "da",
              *, whole: bool = False, title: str = "") -> str:  # fmt: skip
    """One group's panel as a standalone <svg> (scales with its container: viewBox only)."""
    accessible = escape(f"{title}: {label}" if title else label)
    body = _panel(label, points, waves, top, language, whole)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PANEL_W} {PANEL_H}" role="img" '
        f'class="trend-panel" {FONT}><title>{accessible}</title>' + "".join(body) + "</svg>"
    )


def trend_svg(groups: list[tuple[str, str]], rows: list[dict], waves: list[str], title: str,
              language: str = "da", columns: int = 3) -> str:  # fmt: skip
    """Every group's panel, ``columns`` to a row, under the figure's title (a file's SVG)."""
    top = axis_top(rows)
    n_rows = math.ceil(len(groups) / columns)
    width, height = PANEL_W * columns, 34 + PANEL_H * n_rows
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {FONT}>',
        f"<title>{escape(title)}</title>",
        f'<text x="8" y="20" font-size="14">{escape(title)}</text>',
    ]
    for k, (key, label) in enumerate(groups):
        dx, dy = PANEL_W * (k % columns), 34 + PANEL_H * (k // columns)
        points = [r for r in rows if r["group"] == key]
        out.append(f'<g transform="translate({dx},{dy})">')
        out += _panel(label, points, waves, top, language, whole=k == 0)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
