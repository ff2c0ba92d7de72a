"""Words of the trend report: English msgids, Danish from the survey library's catalogue."""

from __future__ import annotations

from brobygger.survey.i18n import translate

# English msgids by key; the Danish is in survey/locale/da/LC_MESSAGES/survey.po.
TREND_WORDS: dict[str, str] = {
    "title": "Loneliness over time: severe loneliness across survey waves",
    "waves": "Waves: {waves}.",
    "counts": "Wave {wave}: {n} respondents, {scored} with a loneliness score.",
    "figure_level": "Severe loneliness per wave (%) with {level}% confidence interval",
    "table": "Severe loneliness per wave and difference from {first}",
    "standardised": "Age-standardised prevalence of severe loneliness",
    "standard": "Standard population (share per age group)",
    "summary": "Change from {first} to {last}",
    "group": "Group",
    "wave": "Wave",
    "n": "N",
    "severe_pct": "Severe %",
    "interval": "{level}% CI",
    "moderate_pct": "Moderate %",
    "severe_pct_std": "Age-std. %",
    "diff": "Difference (percentage points)",
    "diff_interval": "{level}% CI of the difference",
    "p": "p",
    "crude": "Crude %",
    "share": "Share",
    "whole": "Whole population",
    "rose": "{group}: the share with severe loneliness rose from {a}% in {first} to {b}% in "
    "{last} ({diff} percentage points, {level}% CI {low} to {high}).",
    "fell": "{group}: the share with severe loneliness fell from {a}% in {first} to {b}% in "
    "{last} ({diff} percentage points, {level}% CI {low} to {high}).",
    "unclear": "{group}: no clear change from {first} ({a}%) to {last} ({b}%); the "
    "confidence interval of the difference ({low} to {high} percentage points) includes 0.",
    "std_rose": "Age-standardised, the share rose from {a}% to {b}% ({diff} percentage "
    "points, {level}% CI {low} to {high}).",
    "std_fell": "Age-standardised, the share fell from {a}% to {b}% ({diff} percentage "
    "points, {level}% CI {low} to {high}).",
    "std_unclear": "Age-standardised, there is no clear change ({a}% and {b}%; the "
    "difference, {low} to {high} percentage points, includes 0).",
    "method_title": "Methods",
    "method": "Each wave is read and scored through its own codebook; every wave has the "
    "same age groups and loneliness bands. The prevalence in a wave is a design-based "
    "weighted mean with a logit confidence interval, as in Table 1. The waves are "
    "independent samples, so the standard error of a difference is the square root of "
    "the sum of the two squared standard errors, with a normal interval and p-value. The "
    "age-standardised prevalence is directly standardised (as R's svystandardize) to "
    "{standard}; its standard error takes the standard as known.",
    "standard_default": "the first wave's weighted age distribution among respondents with a score",
    "standard_given": "the standard population given",
    "generated": "Made with Brobygger",
    "sheet_trend": "Trend",
    "sheet_standardised": "Age-standardised",
    "sheet_standard": "Standard",
    "sheet_method": "Methods",
}


def trend_words(language: str) -> dict[str, str]:
    """Every word of the trend report in ``language`` ("en", else Danish), by key."""
    return {key: translate(language, msgid) for key, msgid in TREND_WORDS.items()}
