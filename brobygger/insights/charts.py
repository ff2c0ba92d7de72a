"""The coverage chart as inline SVG (no JavaScript, no image files): per age group, the
initiatives open to it (targeted at it, and open to all ages), with the share of severe
loneliness beside each bar. The same numbers are in the table under it."""

from __future__ import annotations

from html import escape


def coverage_svg(age_groups, *, title: str, targeted_label: str, all_label: str,
                 severe_label: str, decimal: str = ",") -> str:  # fmt: skip
    width, bar_left, bar_max, row, top = 640, 70, 380, 34, 40
    height = top + row * len(age_groups) + 40
    most = max((r.count for r in age_groups), default=1) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',  # styled by site.css, not inline (CSP)
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, reach in enumerate(age_groups):
        y = top + i * row
        targeted = bar_max * reach.targeted / most
        general = bar_max * (reach.count - reach.targeted) / most
        parts.append(f'<text x="0" y="{y + 17}" font-size="13">{escape(reach.label)}</text>')
        parts.append(
            f'<rect x="{bar_left}" y="{y + 4}" width="{targeted:.1f}" height="18" fill="#0b4f6c"/>'
        )
        parts.append(
            f'<rect x="{bar_left + targeted:.1f}" y="{y + 4}" width="{general:.1f}" height="18" '
            'fill="#9cc3d5"/>'
        )
        parts.append(
            f'<text x="{bar_left + targeted + general + 6:.1f}" y="{y + 17}" font-size="13">'
            f"{reach.count}</text>"
        )
        if reach.severe_pct is not None:
            pct = f"{reach.severe_pct:.1f}".replace(".", decimal)
            parts.append(
                f'<text x="{width - 4}" y="{y + 17}" font-size="13" text-anchor="end">'
                f"{escape(severe_label)} {pct} %</text>"
            )
    y = top + row * len(age_groups) + 14
    parts.append(f'<rect x="{bar_left}" y="{y}" width="14" height="12" fill="#0b4f6c"/>')
    parts.append(
        f'<text x="{bar_left + 20}" y="{y + 11}" font-size="12">{escape(targeted_label)}</text>'
    )
    parts.append(f'<rect x="{bar_left + 230}" y="{y}" width="14" height="12" fill="#9cc3d5"/>')
    parts.append(
        f'<text x="{bar_left + 250}" y="{y + 11}" font-size="12">{escape(all_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
