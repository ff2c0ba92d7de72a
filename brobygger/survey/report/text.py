"""Words of the report in Danish and English (the survey library does not use Django's i18n)."""

from __future__ import annotations

TEXT = {
    "da": {
        "title": "Ensomhed: forekomst og risikogrupper",
        "synthetic": "Syntetiske data",
        "table1": "Tabel 1. Ensomhed fordelt på alder",
        "table2": "Tabel 2. Forekomst af moderat og svær ensomhed efter demografiske, sociale og "
        "sundhedsmæssige faktorer",
        "table3": "Tabel 3. Odds ratio (OR) for svær ensomhed i aldersgrupperne",
        "bilag1": "Bilag 1. Studiepopulationen",
        "risk": "Risikogrupper for svær ensomhed",
        "figure": "Figur 1. Risikogrupper for svær ensomhed (justeret OR med 95 %-konfidensinterval)",
        "whole": "Hele populationen",
        "not_lonely": "Ikke ensom",
        "moderate": "Moderat ensom",
        "severe": "Svært ensom",
        "ci": "95 %-KI, svært ensom",
        "n": "Antal",
        "pct": "%",
        "or": "ORa",
        "moderate_pct": "Moderat %",
        "severe_pct": "Svær %",
        "age_row": "Alder (pr. år)",
        "ref": "(ref.)",
        "people": "Antal personer (skøn)",
        "variable": "Faktor",
        "category": "Kategori",
        "methods": "Metode",
        "footnote": "ORa: odds ratio justeret for alle øvrige faktorer i tabellen. * p < {alpha}. "
        "─: udeladt, færre end {min_cell_plus} svarpersoner.",
        "counts": "Svarpersoner: {n} i alt, {scored} med en ensomhedsscore.",
        "headcount": "Svarer til ca. {severe} svært ensomme og {moderate} moderat ensomme personer "
        "i en befolkning på {population}.",
        "no_risk": "Ingen kategori opfylder reglen for risikogrupper.",
        "unreliable": "†: modellen konvergerede ikke eller ramte separation (sandsynligheder på "
        "0 eller 1, fx en kategori uden tilfælde); tallet er ikke et pålideligt skøn.",
        "generated": "Udarbejdet med Brobygger",
        "interval": "95 %-KI",
        "sheet_table1": "Tabel 1",
        "sheet_table2": "Tabel 2",
        "sheet_table3": "Tabel 3",
        "sheet_bilag1": "Bilag 1",
        "sheet_risk": "Risikogrupper",
        "sheet_methods": "Metode",
    },
    "en": {
        "title": "Loneliness: prevalence and risk groups",
        "synthetic": "Synthetic data",
        "table1": "Table 1. Loneliness by age group",
        "table2": "Table 2. Prevalence of moderate and severe loneliness by demographic, social and "
        "health factors",
        "table3": "Table 3. Odds ratios (OR) for severe loneliness by age group",
        "bilag1": "Appendix 1. The study population",
        "risk": "Risk groups for severe loneliness",
        "figure": "Figure 1. Risk groups for severe loneliness (adjusted OR with 95% confidence "
        "interval)",
        "whole": "Whole population",
        "not_lonely": "Not lonely",
        "moderate": "Moderately lonely",
        "severe": "Severely lonely",
        "ci": "95% CI, severely lonely",
        "n": "N",
        "pct": "%",
        "or": "aOR",
        "moderate_pct": "Moderate %",
        "severe_pct": "Severe %",
        "age_row": "Age (per year)",
        "ref": "(ref.)",
        "people": "Number of people (estimate)",
        "variable": "Factor",
        "category": "Category",
        "methods": "Methods",
        "footnote": "aOR: odds ratio adjusted for all other factors in the table. * p < {alpha}. "
        "─: left out, fewer than {min_cell_plus} respondents.",
        "counts": "Respondents: {n} in all, {scored} with a loneliness score.",
        "headcount": "Corresponds to about {severe} severely and {moderate} moderately lonely "
        "people in a population of {population}.",
        "no_risk": "No category meets the risk-group rule.",
        "unreliable": "†: the model did not converge or hit separation (fitted probabilities "
        "of 0 or 1, e.g. a category without cases); the number is not a reliable estimate.",
        "generated": "Made with Brobygger",
        "interval": "95% CI",
        "sheet_table1": "Table 1",
        "sheet_table2": "Table 2",
        "sheet_table3": "Table 3",
        "sheet_bilag1": "Appendix 1",
        "sheet_risk": "Risk groups",
        "sheet_methods": "Methods",
    },
}


def words(language: str) -> dict[str, str]:
    return TEXT["en" if language == "en" else "da"]
