"""The evaluation dashboard's three charts as inline SVG: referrals per month per arena (the
day each arena got the tools marked), days from referral to first visit, and the rate ratio
after/before the tools with its exact 95 % interval.

Each function takes the data and returns one ``<svg>`` string; the page puts the same numbers
in a table under each figure. CSP-safe like the other insight charts (``insights/charts.py``,
``survey/report/figure.py``): no script and no ``style`` attribute, only SVG presentation
attributes (``fill``, ``stroke``, ``font-size``) and classes for the site's stylesheet. Every
chart has a ``viewBox`` (it scales to the width it is given: drawn 360 wide, so its text is about
the page's size on a 390 px phone), a ``<title>`` and a ``<desc>`` that name it for a screen
reader (``role="img"``, ``aria-labelledby``, ``aria-describedby``). Words come from
gettext; month names, dates and numbers from Django's formats in the active language
("juni 2026", "12,5").
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import get_language, gettext, ngettext

from brobygger.insights.evaluation.referrals import SELF_REFERRAL, BeforeAfter, FunnelRow, Timing
from brobygger.lib.intervals import Estimate
from brobygger.survey.report.figure import FONT, INK, RISK_COLOUR, tick_label

WIDTH = 360
BAR = "#0b4f6c"  # the coverage chart's bar colour
ALL = INK  # the bar for all arenas together
MARKER = RISK_COLOUR  # the day the arena got the tools; the line at rate ratio 1 is grey
GRID = "#d5dbdf"
PAPER = "#fdfcf9"  # the page's background (site.css --paper): a halo behind numbers on lines
MUTED = "#4a5863"
# The rate-ratio axis runs along 1-2-5 steps within these bounds; an interval that goes on past
# them (down to 0, or up to infinity) ends in an arrow at the edge.
RATIO_TICKS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)


def _attrs(**attributes) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
        if value is not None
    )


def _text(x: float, y: float, text: str, *, size: int = 13, **attributes) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{_attrs(**attributes)}>'
        f"{escape(text)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, **attributes) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{_attrs(**attributes)}/>'


def _wrap(text: str, size: int, width: float, *, bold: bool = False) -> list[str]:
    """``text`` in lines that fit ``width`` at ``size`` (an average glyph is ~0.56 em, ~0.63 em
    in bold)."""
    return textwrap.wrap(text, max(8, int(width / ((0.63 if bold else 0.56) * size)))) or [""]


def _svg(svg_id: str, height: float, title: str, desc: str, body: Iterable[str],
         css_class: str) -> str:  # fmt: skip
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{svg_id}-title" aria-describedby="{svg_id}-desc" '
        f'id="{svg_id}" '
        f'class="chart evaluation-chart {css_class}" {FONT}>'
        f'<title id="{svg_id}-title">{escape(title)}</title>'
        f'<desc id="{svg_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _number(value: float, digits: int) -> str:
    """Rounded (Django's ``number_format`` alone cuts off digits), in the active language."""
    return floatformat(value, digits)


def _nice_step(top: float) -> float:
    """The step of at most five gridlines up to ``top``: 1, 2, 5, 10, 20, 50 …"""
    magnitude = 10 ** max(0, math.floor(math.log10(max(top, 1))))
    for step in (1, 2, 5, 10):
        if top / (step * magnitude) <= 5:
            return step * magnitude
    return 10 * magnitude


def _nice_top(value: float) -> float:
    step = _nice_step(value)
    return max(step, math.ceil(value / step) * step)


def month_label(month: dt.date) -> str:
    """ "juni 2026" (Danish) or "June 2026": the active language's year-and-month format."""
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


# --- referrals per month, one panel per arena --------------------------------------------------


@dataclass(frozen=True)
class ArenaMonths:
    """One arena's referrals by month (the first day of each month) and its tools' date."""

    label: str
    counts: dict[dt.date, int] = field(default_factory=dict)
    introduced: dt.date | None = None
    gets_tools: bool = True  # False for the citizens who contacted the broker themselves


def arena_months(rows: Sequence[FunnelRow], *, introduced: dict[str, dt.date],
                 self_label: str) -> list[ArenaMonths]:  # fmt: skip
    """The funnel's rows as one series per arena, in the funnel's order; the citizens who
    contacted the broker themselves are labelled ``self_label``."""
    counts: dict[str, dict[dt.date, int]] = {}
    for row in rows:
        counts.setdefault(row.arena, {})[row.month_start] = row.referred
    return [
        ArenaMonths(self_label, by_month, None, gets_tools=False)
        if arena == SELF_REFERRAL
        else ArenaMonths(arena, by_month, introduced.get(arena))
        for arena, by_month in counts.items()
    ]


def months_spanned(series: Sequence[ArenaMonths]) -> list[dt.date]:
    """Every month from the first to the last with a referral in any series (none left out:
    a month without referrals is a bar of zero, not a gap)."""
    months = [m for s in series for m in s.counts]
    if not months:
        return []
    first, last = min(months), max(months)
    out, month = [], first
    while month <= last:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def monthly_svg(series: ArenaMonths, *, months: Sequence[dt.date], top: float,
                svg_id: str) -> str:  # fmt: skip
    """One arena's bars, one per month of ``months`` (on a y axis up to ``top``, shared by the
    panels so they compare), with a dashed line at the day the arena got the tools."""
    left, right, size = 34, WIDTH - 6, 14
    y = 18.0
    body, on_top = [], []
    for line in _wrap(series.label, 16, WIDTH - 8, bold=True):
        body.append(_text(2, y, line, size=16, font_weight="bold", fill=INK))
        y += 20
    if series.introduced:
        date = formats.date_format(series.introduced, "DATE_FORMAT")
        legend = gettext("Tools introduced %(date)s") % {"date": date}
        body.append(_line(4, y - 5, 24, y - 5, stroke=MARKER, stroke_width=2,
                          stroke_dasharray="4 3"))  # fmt: skip
        body.append(_text(30, y, legend, size=size, fill=INK, class_="legend"))
    elif series.gets_tools:  # (the line stays empty for self-referrals: the panels align)
        body.append(_text(2, y, gettext("No date for the tools yet"), size=size, fill=MUTED,
                          class_="legend"))  # fmt: skip
    plot_top = y + 18
    plot_h = 130
    bottom = plot_top + plot_h
    step = _nice_step(top)
    slot = (right - left) / max(len(months), 1)

    def y_of(value: float) -> float:
        return bottom - plot_h * value / top

    tick = 0.0
    while tick <= top + 1e-9:
        body.append(_line(left, y_of(tick), right, y_of(tick), stroke=GRID))
        body.append(_text(left - 5, y_of(tick) + 4, _number(tick, 0), size=13,
                          text_anchor="end", fill=INK))  # fmt: skip
        tick += step
    # a month's abbreviation needs ~32 units: label every month, or every 2nd, 3rd … counted
    # from January (so each January is labelled, with its year under it)
    label_every = next((k for k in (1, 2, 3, 4, 6) if k * slot >= 32), 12)
    labelled = [m for m in months if (m.month - 1) % label_every == 0]
    first_january = next((m for m in labelled if m.month == 1), None)
    for i, month in enumerate(months):
        n = series.counts.get(month, 0)
        width = slot * 0.7
        x = left + slot * i + (slot - width) / 2
        name = month_label(month)
        body.append(
            f'<rect x="{x:.1f}" y="{y_of(n):.1f}" width="{width:.1f}" '
            f'height="{bottom - y_of(n):.1f}" fill="{BAR}" class="bar" '
            f'data-month="{month:%Y-%m}" data-value="{n}"><title>'
            + escape(
                ngettext("%(month)s: %(n)s referral", "%(month)s: %(n)s referrals", n)
                % {"month": name, "n": n}
            )  # fmt: skip
            + "</title></rect>"
        )
        middle = x + width / 2
        if n and slot >= 15:  # the count over its bar, haloed so the tools' line never hides it
            on_top.append(_text(middle, y_of(n) - 4, str(n), size=12, text_anchor="middle",
                                fill=INK, stroke=PAPER, stroke_width=3, paint_order="stroke",
                                class_="value"))  # fmt: skip
        if month not in labelled:
            continue
        body.append(_text(middle, bottom + 17, formats.date_format(month, "b"), size=13,
                          text_anchor="middle", fill=INK, class_="month"))  # fmt: skip
        year_room = first_january is None or (months.index(first_january) - i) * slot >= 44
        if month.month == 1 or (month == labelled[0] and year_room):
            body.append(_text(middle, bottom + 34, str(month.year), size=13,
                              text_anchor="middle", fill=MUTED, class_="year"))  # fmt: skip
    body.append(_line(left, bottom, right, bottom, stroke=INK))
    if series.introduced and months and months[0] <= series.introduced.replace(day=1) <= months[-1]:
        i = months.index(series.introduced.replace(day=1))
        days = calendar.monthrange(series.introduced.year, series.introduced.month)[1]
        x = left + slot * (i + (series.introduced.day - 1) / days)
        body.append(_line(x, plot_top - 8, x, bottom, stroke=MARKER, stroke_width=2,
                          stroke_dasharray="4 3", class_="introduced",
                          data_month=f"{series.introduced:%Y-%m}"))  # fmt: skip
    body += on_top
    total = sum(series.counts.get(m, 0) for m in months)
    title = gettext("Referrals per month: %(arena)s") % {"arena": series.label}
    desc = [
        ngettext(
            "%(n)s referral from %(first)s to %(last)s; at most %(most)s in one month.",
            "%(n)s referrals from %(first)s to %(last)s; at most %(most)s in one month.",
            total,
        )
        % {
            "n": total,
            "first": month_label(months[0]) if months else "",
            "last": month_label(months[-1]) if months else "",
            "most": max((series.counts.get(m, 0) for m in months), default=0),
        }
    ]
    if series.introduced:
        desc.append(legend + ".")
    desc.append(gettext("The numbers are in the table under the figure."))
    return _svg(svg_id, bottom + 42, title, " ".join(desc), body, "monthly-chart")


def monthly_panels(series: Sequence[ArenaMonths], *, id_prefix: str = "monthly") -> list[str]:
    """Every arena's panel on the same months and the same y axis."""
    months = months_spanned(series)
    top = _nice_top(max((n for s in series for n in s.counts.values()), default=1))
    return [
        monthly_svg(s, months=months, top=top, svg_id=f"{id_prefix}-{i}")
        for i, s in enumerate(series)
    ]


# --- days from referral to first visit -------------------------------------------------------


def first_visit_svg(timings: Sequence[Timing], *, self_label: str, all_label: str,
                    svg_id: str = "first-visit-chart") -> str:  # fmt: skip
    """A bar per arena for the median days from referral to first visit, all arenas together
    last (dark); each label above its bar, so the bars keep the whole width on a phone."""
    rows = [t for t in timings if t.n and t.median_days is not None]
    left, right, size = 4, WIDTH - 10, 14
    most = max((t.median_days for t in rows), default=1.0) or 1.0
    top = _nice_top(most)
    bar_h = 18
    y = 2.0
    body: list[str] = []
    placed = []
    for t in rows:
        label = all_label if not t.arena else self_label if t.arena == SELF_REFERRAL else t.arena
        for line in _wrap(label, size, right - left, bold=not t.arena):
            y += 18
            body.append(_text(left, y, line, size=size, fill=INK,
                              font_weight=None if t.arena else "bold"))  # fmt: skip
        placed.append((t, y + 5))
        y += 5 + bar_h + 8
    bottom = y
    scale = (right - left) / top
    step = _nice_step(top)
    grid, tick = [], 0.0
    while tick <= top + 1e-9:
        x = left + scale * tick
        # the gridlines run through the bars only, never through a label
        grid += [_line(x, bar_y - 3, x, bar_y + bar_h + 3, stroke=GRID) for _, bar_y in placed]
        grid.append(_line(x, bottom - 5, x, bottom + 4, stroke=INK))
        anchor = "start" if tick == 0 else "end" if tick >= top - 1e-9 else "middle"
        body.append(_text(x, bottom + 18, _number(tick, 0), size=13, text_anchor=anchor,
                          fill=INK, class_="tick", data_value=f"{tick:g}"))  # fmt: skip
        tick += step
    body = grid + body
    body.append(_line(left, bottom, right, bottom, stroke=INK))
    body.append(_text((left + right) / 2, bottom + 36, gettext("Days (median)"), size=13,
                      text_anchor="middle", fill=INK))  # fmt: skip
    for t, bar_y in placed:
        width = scale * t.median_days
        colour = BAR if t.arena else ALL
        body.append(
            f'<rect x="{left}" y="{bar_y:.1f}" width="{width:.1f}" height="{bar_h}" '
            f'fill="{colour}" class="bar" data-value="{t.median_days:g}" data-n="{t.n}"/>'
        )
        value = ngettext("%(days)s days · %(n)s citizen", "%(days)s days · %(n)s citizens",
                         t.n) % {"days": _number(t.median_days, 1), "n": t.n}  # fmt: skip
        # the number after its bar where it fits, else inside the bar's end, in white
        inside = left + width + 6 + 0.56 * 13 * len(value) > right and width > 0.5 * right
        body.append(_text(left + width - 6 if inside else left + width + 6, bar_y + 13.5, value,
                          size=13, text_anchor="end" if inside else None,
                          fill="#ffffff" if inside else INK, class_="value"))  # fmt: skip
    together = next((t for t in rows if not t.arena), None)
    desc = [gettext("Median days from referral to the first visit, per arena.")]
    if together:
        desc.append(f"{all_label}: {_number(together.median_days, 1)}.")
    desc.append(gettext("The numbers are in the table under the figure."))
    title = gettext("Days from referral to first visit (median)")
    return _svg(svg_id, bottom + 46, title, " ".join(desc), body, "first-visit-chart")


# --- the rate ratio after/before the tools, with its interval ---------------------------------


def ratio_text(value: float | None) -> str:
    """A rate ratio or a limit as the page writes it: "2,50", "0", "∞" (infinite), "—"."""
    if value is None:
        return "—"
    if math.isinf(value):
        return "∞"
    return _number(value, 2)


def interval_text(e: Estimate) -> str:
    """ "2,50 (1,24–5,36)", "∞ (0,92–∞)" when there were none before, "—" with no referrals."""
    if e.estimate is None:
        return "—"
    return f"{ratio_text(e.estimate)} ({ratio_text(e.low)}–{ratio_text(e.high)})"


class _LogAxis:
    """A log axis over ``RATIO_TICKS`` that hold ``values`` (always 0.5 to 2 at least)."""

    def __init__(self, values: Iterable[float], left: float, right: float):
        finite = [v for v in values if v > 0 and not math.isinf(v)] + [0.5, 2.0]
        low = max((t for t in RATIO_TICKS if t <= min(finite)), default=RATIO_TICKS[0])
        high = min((t for t in RATIO_TICKS if t >= max(finite)), default=RATIO_TICKS[-1])
        self.ticks = [t for t in RATIO_TICKS if low <= t <= high]
        self.left, self.right = left, right
        self.low, self.high = low, high

    def x(self, value: float) -> float:
        """The value's position, held at the axis' ends (0 and infinity included)."""
        if value <= self.low:
            return self.left
        if value >= self.high:
            return self.right
        share = math.log(value / self.low) / math.log(self.high / self.low)
        return self.left + share * (self.right - self.left)

    def beyond(self, value: float) -> bool:
        return value < self.low or value > self.high


def _arrow(x: float, y: float, direction: int, colour: str, end: str) -> str:
    """A small arrowhead at ``x`` pointing left (-1) or right (+1): the interval goes on."""
    tip, back = x + 3 * direction, x - 6 * direction
    return (
        f'<polygon points="{tip:.1f},{y:.1f} {back:.1f},{y - 5:.1f} {back:.1f},{y + 5:.1f}" '
        f'fill="{colour}" class="whisker-arrow" data-end="{end}"/>'
    )


def rate_ratio_svg(rows: Sequence[BeforeAfter], *, svg_id: str = "rate-ratio-chart") -> str:
    """Each arena's rate ratio (after/before) as a point with whiskers at its exact 95 %
    interval on a log axis, the line at 1 (no change) marked; the arena and its numbers on the
    lines above. An interval past the axis' end (to 0 or to infinity) ends in an arrow."""
    left, right, size = 14, WIDTH - 14, 14
    axis = _LogAxis(
        (v for r in rows for v in (r.ratio.estimate, r.ratio.low, r.ratio.high) if v is not None),
        left, right,
    )  # fmt: skip
    language = "en" if (get_language() or "da").startswith("en") else "da"
    y = 4.0
    body: list[str] = []
    marks: list[str] = []
    bands: list[float] = []  # the rows' intervals, where the gridlines run (never through text)
    for r in rows:
        for line in _wrap(r.arena, size + 1, WIDTH - 4, bold=True):
            y += 18
            body.append(_text(2, y, line, size=size + 1, font_weight="bold", fill=INK))
        e = r.ratio
        if e.estimate is None:
            numbers = gettext("No referrals in either period")
        else:
            numbers = gettext("%(interval)s · before %(before)s, after %(after)s") % {
                "interval": interval_text(e), "before": r.before, "after": r.after,
            }  # fmt: skip
        y += 18
        body.append(_text(2, y, numbers, size=13, fill=INK, class_="numbers"))
        y += 17
        if e.estimate is not None and e.low is not None and e.high is not None:
            bands.append(y)
            low, high = axis.x(e.low), axis.x(e.high)
            row = [f'<g class="interval" data-arena="{escape(r.arena)}">',
                   _line(low, y, high, y, stroke=BAR, stroke_width=2)]  # fmt: skip
            for end, value, x in (("low", e.low, low), ("high", e.high, high)):
                if axis.beyond(value):
                    row.append(_arrow(x, y, -1 if end == "low" else 1, BAR, end))
                else:
                    row.append(_line(x, y - 6, x, y + 6, stroke=BAR, stroke_width=2,
                                     class_="whisker", data_end=end,
                                     data_value=f"{value:.6g}"))  # fmt: skip
            if 0 < e.estimate < math.inf:
                row.append(
                    f'<circle cx="{axis.x(e.estimate):.1f}" cy="{y:.1f}" r="5" fill="{BAR}" '
                    f'class="estimate" data-value="{e.estimate:.6g}"/>'
                )
            row.append("</g>")
            marks += row
        y += 12
    bottom = y + 4
    grid = []
    for t in axis.ticks:
        x = axis.x(t)
        for top_y, bottom_y in [(b - 10, b + 10) for b in bands] + [(bottom - 8, bottom)]:
            grid.append(
                _line(x, top_y, x, bottom_y, stroke=GRID)
                if t != 1
                else _line(
                    x, top_y, x, bottom_y, stroke="#7a8790", stroke_width=1.5, class_="no-change"
                )
            )
    ticks = []
    for t in axis.ticks:
        x = axis.x(t)
        ticks.append(_line(x, bottom, x, bottom + 4, stroke=INK))
        ticks.append(_text(x, bottom + 18, tick_label(t, language), size=13, text_anchor="middle",
                           fill=INK, class_="tick", data_value=f"{t:g}"))  # fmt: skip
    ticks.append(_line(left, bottom, right, bottom, stroke=INK))
    # at the axis' ends, so that neither runs off the chart wherever 1 falls
    ticks.append(_text(left - 10, bottom + 36, "← " + gettext("fewer after"), size=13,
                       fill=MUTED))  # fmt: skip
    ticks.append(_text(right + 10, bottom + 36, gettext("more after") + " →", size=13,
                       text_anchor="end", fill=MUTED))  # fmt: skip
    ticks.append(_text((left + right) / 2, bottom + 55,
                       gettext("Rate ratio after/before (log scale)"), size=13,
                       text_anchor="middle", fill=INK))  # fmt: skip
    level = "95%" if language == "en" else "95 %"  # no "%" in a msgid: it reads as a format
    title = gettext(
        "Referrals after the tools compared with before: rate ratio with %(level)s interval"
    ) % {"level": level}
    desc = " ".join([
        gettext("A rate ratio above 1 means more referrals after the arena got the tools; each "
                "line is the exact %(level)s interval, and an arrow means it goes on past the "
                "axis.") % {"level": level},
        gettext("The numbers are in the table under the figure."),
    ])  # fmt: skip
    return _svg(svg_id, bottom + 64, title, desc, grid + body + marks + ticks, "rate-ratio-chart")
