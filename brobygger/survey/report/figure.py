"""Figure 1: adjusted odds ratios for severe loneliness, risk groups highlighted (SVG)."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from brobygger.survey.codebook import Codebook  # noqa: E402
from brobygger.survey.report.numbers import decimal  # noqa: E402
from brobygger.survey.report.text import words  # noqa: E402
from brobygger.survey.tables import AGE, Tables  # noqa: E402

RISK_COLOUR = "#b4451f"
OTHER_COLOUR = "#5b6b75"


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
    ]
    rows.sort(key=lambda r: r["severe_or"])
    plt.rcParams["svg.fonttype"] = "none"  # text stays text (searchable, accessible)
    plt.rcParams["font.family"] = "DejaVu Sans"
    height = max(2.5, 0.32 * len(rows) + 1.2)
    fig, ax = plt.subplots(figsize=(8.5, height))
    for y, row in enumerate(rows):
        key = (row["variable"], row["category"])
        colour = RISK_COLOUR if key in risk else OTHER_COLOUR
        ax.plot([row["severe_or_low"], row["severe_or_high"]], [y, y], color=colour, lw=1.6)
        ax.plot(row["severe_or"], y, "o", color=colour, ms=5)
        ax.annotate(
            decimal(row["severe_or"], 2, language),
            (row["severe_or_high"], y),
            xytext=(4, -3),
            textcoords="offset points",
            fontsize=8,
            color=colour,
        )
    ax.set_yticks(
        range(len(rows)), [labels[(r["variable"], r["category"])] for r in rows], fontsize=8
    )
    ax.set_xscale("log")
    ax.axvline(1, color="#999999", lw=1)
    ax.axvline(opts.risk_or, color=RISK_COLOUR, lw=1, ls="--")
    ax.set_xlabel(w["or"] + " (log)")
    ax.set_title("\n".join(textwrap.wrap(w["figure"], 80)), fontsize=10, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()
