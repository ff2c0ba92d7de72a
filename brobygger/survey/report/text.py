"""Words of the report: English msgids, Danish from the survey library's gettext catalogue."""

from __future__ import annotations

from brobygger.survey.i18n import translate

# English msgids by key; the Danish is in survey/locale/da/LC_MESSAGES/survey.po.
WORDS: dict[str, str] = {
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
    "bound_low": "{header}: lower bound",
    "bound_high": "{header}: upper bound",
    "note": "Note",
    "note_suppressed": "suppressed: too few respondents",
    "notes_heading": "Notes to the tables",
    "sheet_table1": "Table 1",
    "sheet_table2": "Table 2",
    "sheet_table3": "Table 3",
    "sheet_bilag1": "Appendix 1",
    "sheet_risk": "Risk groups",
    "sheet_methods": "Methods",
}


def words(language: str) -> dict[str, str]:
    """Every word of the report in ``language`` ("en", else Danish), by key."""
    return {key: translate(language, msgid) for key, msgid in WORDS.items()}
