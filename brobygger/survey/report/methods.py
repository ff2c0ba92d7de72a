"""The methods section, written from the codebook and the options actually used."""

from __future__ import annotations

from brobygger.survey.codebook import Codebook
from brobygger.survey.report.numbers import decimal


def _band(band, language) -> str:
    low, high = (decimal(v, 0 if float(v).is_integer() else 1, language) for v in band)
    return f"{low}-{high}"


def methods_paragraphs(codebook: Codebook, language: str, used: dict) -> list[tuple[str, str]]:
    d, lon, opts = codebook.design, codebook.loneliness, codebook.options
    covs = ", ".join(c.label.get(language).lower() for c in codebook.covariates)
    groups = ", ".join(g.label.get(language) for g in codebook.age.groups)
    level = decimal(opts.level * 100, 0, language)
    extra = used.get("method_notes", [])
    if language == "en":
        design = f"Weights: column {d.weight}."
        design += f" Strata: {' + '.join(d.strata_columns)}." if d.strata else " No strata."
        design += (
            f" Primary sampling units: {' + '.join(d.psu_columns)}."
            if d.psu
            else " Each respondent is their own PSU."
        )
        design += f" Finite population correction: {' + '.join(d.fpc_columns)}." if d.fpc else ""
        design += f" Strata with a single PSU: {d.lonely_psu}."
        paragraphs = [
            ("Data", f"{codebook.survey}. {used.get('data_file', '')}".strip()),
            (
                "Loneliness scale",
                (
                    f"The three-item loneliness scale (T-ILS; items {', '.join(lon.items)}) is "
                    f"summed to a score from 3 to 9; with fewer answered items than three but at "
                    f"least {lon.min_items}, the sum is rescaled to that range. Severe loneliness: "
                    f"score {_band(lon.severe, language)}; moderate: {_band(lon.moderate, language)}; "
                    "not lonely: below the moderate band."
                ),
            ),
            (
                "Survey design",
                design
                + (
                    " Variances are estimated by Taylor linearisation; age groups and categories are "
                    "domains of the whole design."
                ),
            ),
            (
                "Prevalence",
                (
                    f"Weighted percentages. The {level}% interval for severe loneliness is the logit "
                    "interval of R survey's svyciprop, on a t distribution with the design's degrees "
                    "of freedom."
                ),
            ),
            (
                "Adjusted odds ratios",
                (
                    "Design-based logistic regression (as R survey's svyglm with the quasibinomial "
                    "family): severe loneliness versus not lonely, and moderate versus not lonely, "
                    f"each with age (continuous, per year) and {covs}. Complete cases of each "
                    "model's variables. A factor enters an age group's model only when its reference "
                    "category and at least one other category occur there. Wald intervals and "
                    "p-values on a t distribution with the design's residual degrees of freedom."
                ),
            ),
            (
                "Small cells and risk groups",
                (
                    f"Cells with {opts.min_cell} respondents or fewer are not shown (─). A risk group "
                    f"is a category whose adjusted odds ratio for severe loneliness is at least "
                    f"{decimal(opts.risk_or, 1, language)} with p < {decimal(opts.alpha, 2, language)}."
                    f" Age groups: {groups}."
                ),
            ),
        ]
    else:
        design = f"Vægte: kolonnen {d.weight}."
        design += f" Strata: {' + '.join(d.strata_columns)}." if d.strata else " Ingen strata."
        design += (
            f" Primære udvælgelsesenheder (PSU): {' + '.join(d.psu_columns)}."
            if d.psu
            else " Hver svarperson er sin egen PSU."
        )
        design += f" Endelighedskorrektion: {' + '.join(d.fpc_columns)}." if d.fpc else ""
        design += f" Strata med én PSU: {d.lonely_psu}."
        paragraphs = [
            ("Data", f"{codebook.survey}. {used.get('data_file', '')}".strip()),
            (
                "Ensomhedsskala",
                (
                    f"Three-Item Loneliness Scale (T-ILS; spørgsmålene {', '.join(lon.items)}) "
                    f"summeres til en score fra 3 til 9; er færre end tre, men mindst "
                    f"{lon.min_items}, besvaret, omregnes summen til samme skala. Svær ensomhed: "
                    f"score {_band(lon.severe, language)}; moderat: {_band(lon.moderate, language)}; "
                    "ikke ensom: under det moderate interval."
                ),
            ),
            (
                "Surveydesign",
                design
                + (
                    " Varianser er estimeret ved Taylor-linearisering; aldersgrupper og kategorier "
                    "er domæner af hele designet."
                ),
            ),
            (
                "Forekomst",
                (
                    f"Vægtede procenter. {level} %-intervallet for svær ensomhed er logit-intervallet "
                    "fra R-pakken surveys svyciprop på en t-fordeling med designets frihedsgrader."
                ),
            ),
            (
                "Justerede odds ratioer",
                (
                    "Designbaseret logistisk regression (som R-pakken surveys svyglm med "
                    "quasibinomial-familien): svært ensom mod ikke ensom og moderat ensom mod ikke "
                    f"ensom, hver med alder (kontinuert, pr. år) og {covs}. Komplette observationer "
                    "for modellens variable. En faktor indgår i en aldersgruppes model, når dens "
                    "referencekategori og mindst én anden kategori forekommer dér. Wald-intervaller "
                    "og p-værdier på en t-fordeling med designets residuale frihedsgrader."
                ),
            ),
            (
                "Små celler og risikogrupper",
                (
                    f"Celler med {opts.min_cell} svarpersoner eller færre vises ikke (─). En "
                    f"risikogruppe er en kategori med en justeret odds ratio for svær ensomhed på "
                    f"mindst {decimal(opts.risk_or, 1, language)} og p < "
                    f"{decimal(opts.alpha, 2, language)}. Aldersgrupper: {groups}."
                ),
            ),
        ]
    return paragraphs + [(title, text) for title, text in extra]
