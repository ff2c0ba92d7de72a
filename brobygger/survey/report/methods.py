"""The methods section, written from the codebook and the options actually used.

The sentences are English msgids with named fields; the Danish is in the survey library's
catalogue (``survey/locale/da/LC_MESSAGES/survey.po``).
"""

from __future__ import annotations

from brobygger.survey.codebook import Codebook
from brobygger.survey.i18n import translate
from brobygger.survey.report.numbers import decimal

# Paragraph titles and texts, and the sentences of the design paragraph (joined by a space).
METHODS: dict[str, str] = {
    "data": "Data",
    "scale": "Loneliness scale",
    "scale_text": "The three-item loneliness scale (T-ILS; items {items}) is summed to a score "
    "from 3 to 9; with fewer answered items than three but at least {min_items}, the sum is "
    "rescaled to that range. Severe loneliness: score {severe}; moderate: {moderate}; not "
    "lonely: below the moderate band.",
    "design": "Survey design",
    "weights": "Weights: column {weight}.",
    "strata": "Strata: {strata}.",
    "no_strata": "No strata.",
    "psu": "Primary sampling units: {psu}.",
    "own_psu": "Each respondent is their own PSU.",
    "fpc": "Finite population correction: {fpc}.",
    "lonely_psu": "Strata with a single PSU: {lonely_psu}.",
    "variance": "Variances are estimated by Taylor linearisation; age groups and categories are "
    "domains of the whole design.",
    "prevalence": "Prevalence",
    "prevalence_text": "Weighted percentages. The {level}% interval for severe loneliness is the "
    "logit interval of R survey's svyciprop, on a t distribution with the design's degrees of "
    "freedom.",
    "odds": "Adjusted odds ratios",
    "odds_text": "Design-based logistic regression (as R survey's svyglm with the quasibinomial "
    "family): severe loneliness versus not lonely, and moderate versus not lonely, each with "
    "age (continuous, per year) and {covariates}. Complete cases of each model's variables. A "
    "factor enters an age group's model only when its reference category and at least one "
    "other category occur there. Wald intervals and p-values on a t distribution with the "
    "design's residual degrees of freedom.",
    "cells": "Small cells and risk groups",
    "cells_text": "Cells with {min_cell} respondents or fewer are not shown (─). A risk group is "
    "a category whose adjusted odds ratio for severe loneliness is at least {risk_or} with "
    "p < {alpha}. Age groups: {groups}.",
}


def _band(band, language) -> str:
    low, high = (decimal(v, 0 if float(v).is_integer() else 1, language) for v in band)
    return f"{low}-{high}"


def methods_paragraphs(codebook: Codebook, language: str, used: dict) -> list[tuple[str, str]]:
    d, lon, opts = codebook.design, codebook.loneliness, codebook.options

    def say(key: str, **fields) -> str:
        return translate(language, METHODS[key]).format(**fields)

    design = [say("weights", weight=d.weight)]
    design.append(
        say("strata", strata=" + ".join(d.strata_columns)) if d.strata else say("no_strata")
    )
    design.append(say("psu", psu=" + ".join(d.psu_columns)) if d.psu else say("own_psu"))
    if d.fpc:
        design.append(say("fpc", fpc=" + ".join(d.fpc_columns)))
    design += [say("lonely_psu", lonely_psu=d.lonely_psu), say("variance")]
    paragraphs = [
        (say("data"), f"{codebook.survey}. {used.get('data_file', '')}".strip()),
        (
            say("scale"),
            say(
                "scale_text",
                items=", ".join(lon.items),
                min_items=lon.min_items,
                severe=_band(lon.severe, language),
                moderate=_band(lon.moderate, language),
            ),
        ),
        (say("design"), " ".join(design)),
        (say("prevalence"), say("prevalence_text", level=decimal(opts.level * 100, 0, language))),
        (
            say("odds"),
            say(
                "odds_text",
                covariates=", ".join(c.label.get(language).lower() for c in codebook.covariates),
            ),
        ),
        (
            say("cells"),
            say(
                "cells_text",
                min_cell=opts.min_cell,
                risk_or=decimal(opts.risk_or, 1, language),
                alpha=decimal(opts.alpha, 2, language),
                groups=", ".join(g.label.get(language) for g in codebook.age.groups),
            ),
        ),
    ]
    return paragraphs + [(title, text) for title, text in used.get("method_notes", [])]
