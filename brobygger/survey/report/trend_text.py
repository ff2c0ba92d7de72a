"""Words of the trend report in Danish and English (no Django: the survey library's own)."""

from __future__ import annotations

TREND_TEXT = {
    "da": {
        "title": "Ensomhed over tid: svær ensomhed i flere undersøgelsesrunder",
        "waves": "Runder: {waves}.",
        "counts": "Runde {wave}: {n} svarpersoner, {scored} med en ensomhedsscore.",
        "figure_level": "Svær ensomhed pr. runde (%) med {level} %-konfidensinterval",
        "table": "Svær ensomhed pr. runde og forskel fra {first}",
        "standardised": "Aldersstandardiseret forekomst af svær ensomhed",
        "standard": "Standardbefolkning (andel pr. aldersgruppe)",
        "summary": "Udvikling fra {first} til {last}",
        "group": "Gruppe",
        "wave": "Runde",
        "n": "Antal",
        "severe_pct": "Svær %",
        "interval": "{level} %-KI",
        "moderate_pct": "Moderat %",
        "severe_pct_std": "Aldersstand. %",
        "diff": "Forskel (procentpoint)",
        "diff_interval": "{level} %-KI for forskellen",
        "p": "p",
        "crude": "Rå %",
        "share": "Andel",
        "whole": "Hele populationen",
        "rose": "{group}: andelen med svær ensomhed steg fra {a} % i {first} til {b} % i {last} "
        "({diff} procentpoint, {level} %-KI {low} til {high}).",
        "fell": "{group}: andelen med svær ensomhed faldt fra {a} % i {first} til {b} % i {last} "
        "({diff} procentpoint, {level} %-KI {low} til {high}).",
        "unclear": "{group}: ingen klar ændring fra {first} ({a} %) til {last} ({b} %); "
        "konfidensintervallet for forskellen ({low} til {high} procentpoint) rummer 0.",
        "std_rose": "Aldersstandardiseret steg andelen fra {a} % til {b} % ({diff} "
        "procentpoint, {level} %-KI {low} til {high}).",
        "std_fell": "Aldersstandardiseret faldt andelen fra {a} % til {b} % ({diff} "
        "procentpoint, {level} %-KI {low} til {high}).",
        "std_unclear": "Aldersstandardiseret er der ingen klar ændring ({a} % og {b} %; "
        "forskellen {low} til {high} procentpoint rummer 0).",
        "method_title": "Metode",
        "method": "Hver runde er læst og scoret med sin egen kodebog; alle runder har samme "
        "aldersgrupper og ensomhedsgrænser. Forekomsten i hver runde er et design-baseret "
        "vægtet gennemsnit med logit-konfidensinterval som i Tabel 1. Runderne er uafhængige "
        "stikprøver, så forskellens standardfejl er kvadratroden af summen af de to "
        "kvadrerede standardfejl, med normalfordelt interval og p-værdi. Den "
        "aldersstandardiserede forekomst er direkte standardiseret (som R's svystandardize) "
        "til {standard}; dens standardfejl regner standarden for kendt.",
        "standard_default": "den første rundes vægtede aldersfordeling blandt svarpersoner "
        "med en score",
        "standard_given": "den angivne standardbefolkning",
        "generated": "Udarbejdet med Brobygger",
        "sheet_trend": "Udvikling",
        "sheet_standardised": "Aldersstandardiseret",
        "sheet_standard": "Standard",
        "sheet_method": "Metode",
    },
    "en": {
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
        "standard_default": "the first wave's weighted age distribution among respondents "
        "with a score",
        "standard_given": "the standard population given",
        "generated": "Made with Brobygger",
        "sheet_trend": "Trend",
        "sheet_standardised": "Age-standardised",
        "sheet_standard": "Standard",
        "sheet_method": "Methods",
    },
}


def trend_words(language: str) -> dict[str, str]:
    return TREND_TEXT["en" if language == "en" else "da"]
