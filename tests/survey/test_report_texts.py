"""The report's words, now from the survey library's gettext catalogue, read exactly as before.

EXPECTED is the wording the reports had when their texts were Python dictionaries (captured
before the move to ``survey/locale``): a characterisation of wording, not a computed result.
The catalogue tests keep the compiled .mo equal to the .po and every msgid translated.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from brobygger.survey import demo
from brobygger.survey.codebook import parse_codebook
from brobygger.survey.i18n import DOMAIN, LOCALE, translations
from brobygger.survey.report.methods import METHODS, methods_paragraphs
from brobygger.survey.report.text import WORDS, words
from brobygger.survey.report.trend_text import TREND_WORDS, trend_words
from brobygger.survey.synth.codebook import codebook_dict

PO = LOCALE / "da" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")


def _codebooks():
    """The demo's codebook, and one with every design part (strata, PSUs, fpc) and options."""
    full = codebook_dict()
    full["design"] = {
        "weight": "vaegt",
        "strata": ["s1", "s2"],
        "psu": ["p1", "p2"],
        "fpc": ["f1", "f2"],
        "lonely_psu": "adjust",
    }
    full["loneliness"]["severe"] = [7.5, 9]
    full["options"] = {"min_cell": 20, "risk_or": 1.5, "alpha": 0.01, "level": 0.9}
    return parse_codebook(codebook_dict(), "demo"), parse_codebook(full, "full")


def _texts(language: str) -> dict:
    plain, full = _codebooks()
    notes = {"data_file": "data.csv", "method_notes": [("Note", "A note.")]}
    comparison = demo.comparison_view([], language)
    return {
        "words": words(language),
        "trend_words": trend_words(language),
        "methods_demo": methods_paragraphs(plain, language, notes),
        "methods_full": methods_paragraphs(full, language, {}),
        "synthetic_note": demo.synthetic_note(language),
        "synthetic_method": demo.synthetic_method(language),
        "comparison": (comparison.title, comparison.header, comparison.sheet),
    }


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("part", ["words", "trend_words", "methods_demo", "methods_full",
                                  "synthetic_note", "synthetic_method", "comparison"])  # fmt: skip
def test_the_demo_report_reads_as_before(language, part):
    assert _texts(language)[part] == EXPECTED[language][part]


def test_the_compiled_catalogue_matches_its_source():
    po, mo = polib.pofile(str(PO)), polib.mofile(str(MO))
    translated = {e.msgid: e.msgstr for e in po if e.translated() and not e.obsolete}
    assert {e.msgid: e.msgstr for e in mo if e.msgid} == translated
    assert len(translated) == len([e for e in po if not e.obsolete])  # nothing fuzzy or empty


def test_every_msgid_of_the_reports_has_its_danish():
    msgids = {*WORDS.values(), *TREND_WORDS.values(), *METHODS.values()}
    msgids |= {demo.SYNTHETIC_NOTE, demo.COMPARISON_TITLE, *demo.COMPARISON_HEADER}
    msgids |= {text for pair in demo.SYNTHETIC_METHOD for text in pair}
    catalogue = {e.msgid for e in polib.pofile(str(PO)) if e.translated()}
    assert msgids - catalogue == set()
    assert catalogue - msgids == set()  # no stale entries


def test_it_loads_the_danish_catalogue_with_the_standard_library():
    assert type(translations("da")).__name__ == "GNUTranslations"
    assert Path(MO).is_file()
    assert translations("da").gettext("Whole population") == "Hele populationen"
    assert translations("en").gettext("Whole population") == "Whole population"


EXPECTED = {
    "da": {
        "words": {
            "title": "Ensomhed: forekomst og risikogrupper",
            "synthetic": "Syntetiske data",
            "table1": "Tabel 1. Ensomhed fordelt på alder",
            "table2": "Tabel 2. Forekomst af moderat og svær ensomhed efter "
            "demografiske, sociale og sundhedsmæssige faktorer",
            "table3": "Tabel 3. Odds ratio (OR) for svær ensomhed i aldersgrupperne",
            "bilag1": "Bilag 1. Studiepopulationen",
            "risk": "Risikogrupper for svær ensomhed",
            "figure": "Figur 1. Risikogrupper for svær ensomhed (justeret OR med 95 "
            "%-konfidensinterval)",
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
            "footnote": "ORa: odds ratio justeret for alle øvrige faktorer i tabellen. * "
            "p < {alpha}. ─: udeladt, færre end {min_cell_plus} "
            "svarpersoner.",
            "counts": "Svarpersoner: {n} i alt, {scored} med en ensomhedsscore.",
            "headcount": "Svarer til ca. {severe} svært ensomme og {moderate} moderat "
            "ensomme personer i en befolkning på {population}.",
            "no_risk": "Ingen kategori opfylder reglen for risikogrupper.",
            "unreliable": "†: modellen konvergerede ikke eller ramte separation "
            "(sandsynligheder på 0 eller 1, fx en kategori uden tilfælde); "
            "tallet er ikke et pålideligt skøn.",
            "generated": "Udarbejdet med Brobygger",
            "interval": "95 %-KI",
            "bound_low": "{header}: nedre grænse",
            "bound_high": "{header}: øvre grænse",
            "note": "Note",
            "note_suppressed": "ikke vist: for få svarpersoner",
            "notes_heading": "Noter til tabellerne",
            "sheet_table1": "Tabel 1",
            "sheet_table2": "Tabel 2",
            "sheet_table3": "Tabel 3",
            "sheet_bilag1": "Bilag 1",
            "sheet_risk": "Risikogrupper",
            "sheet_methods": "Metode",
        },
        "trend_words": {
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
            "rose": "{group}: andelen med svær ensomhed steg fra {a} % i {first} "
            "til {b} % i {last} ({diff} procentpoint, {level} %-KI {low} "
            "til {high}).",
            "fell": "{group}: andelen med svær ensomhed faldt fra {a} % i {first} "
            "til {b} % i {last} ({diff} procentpoint, {level} %-KI {low} "
            "til {high}).",
            "unclear": "{group}: ingen klar ændring fra {first} ({a} %) til {last} "
            "({b} %); konfidensintervallet for forskellen ({low} til "
            "{high} procentpoint) rummer 0.",
            "std_rose": "Aldersstandardiseret steg andelen fra {a} % til {b} % "
            "({diff} procentpoint, {level} %-KI {low} til {high}).",
            "std_fell": "Aldersstandardiseret faldt andelen fra {a} % til {b} % "
            "({diff} procentpoint, {level} %-KI {low} til {high}).",
            "std_unclear": "Aldersstandardiseret er der ingen klar ændring ({a} % "
            "og {b} %; forskellen {low} til {high} procentpoint "
            "rummer 0).",
            "method_title": "Metode",
            "method": "Hver runde er læst og scoret med sin egen kodebog; alle "
            "runder har samme aldersgrupper og ensomhedsgrænser. "
            "Forekomsten i hver runde er et design-baseret vægtet "
            "gennemsnit med logit-konfidensinterval som i Tabel 1. "
            "Runderne er uafhængige stikprøver, så forskellens "
            "standardfejl er kvadratroden af summen af de to kvadrerede "
            "standardfejl, med normalfordelt interval og p-værdi. Den "
            "aldersstandardiserede forekomst er direkte standardiseret "
            "(som R's svystandardize) til {standard}; dens standardfejl "
            "regner standarden for kendt.",
            "standard_default": "den første rundes vægtede aldersfordeling blandt "
            "svarpersoner med en score",
            "standard_given": "den angivne standardbefolkning",
            "generated": "Udarbejdet med Brobygger",
            "sheet_trend": "Udvikling",
            "sheet_standardised": "Aldersstandardiseret",
            "sheet_standard": "Standard",
            "sheet_method": "Metode",
        },
        "methods_demo": [
            (
                "Data",
                "Syntetisk befolkning kalibreret til 'Hvordan har du det? 2013', "
                "Aarhus (syntetiske data). data.csv",
            ),
            (
                "Ensomhedsskala",
                "Three-Item Loneliness Scale (T-ILS; spørgsmålene ils1, ils2, ils3) "
                "summeres til en score fra 3 til 9; er færre end tre, men mindst 3, "
                "besvaret, omregnes summen til samme skala. Svær ensomhed: score "
                "7-9; moderat: 5-6; ikke ensom: under det moderate interval.",
            ),
            (
                "Surveydesign",
                "Vægte: kolonnen vaegt. Ingen strata. Hver svarperson er sin egen "
                "PSU. Strata med én PSU: fail. Varianser er estimeret ved "
                "Taylor-linearisering; aldersgrupper og kategorier er domæner af "
                "hele designet.",
            ),
            (
                "Forekomst",
                "Vægtede procenter. 95 %-intervallet for svær ensomhed er "
                "logit-intervallet fra R-pakken surveys svyciprop på en t-fordeling "
                "med designets frihedsgrader.",
            ),
            (
                "Justerede odds ratioer",
                "Designbaseret logistisk regression (som R-pakken surveys svyglm med "
                "quasibinomial-familien): svært ensom mod ikke ensom og moderat "
                "ensom mod ikke ensom, hver med alder (kontinuert, pr. år) og køn, "
                "etnicitet, uddannelsesniveau, arbejdsmarkedstilknytning, "
                "samlivssituation, børn i hjemmet, bolig, boligområde, bydel, hyppig "
                "kontakt med praktiserende læge, livstruende somatisk sygdom, "
                "hospitalsindlæggelse (somatisk sygdom), længerevarende psykisk "
                "lidelse, psykiatrisk behandling. Komplette observationer for "
                "modellens variable. En faktor indgår i en aldersgruppes model, når "
                "dens referencekategori og mindst én anden kategori forekommer dér. "
                "Wald-intervaller og p-værdier på en t-fordeling med designets "
                "residuale frihedsgrader.",
            ),
            (
                "Små celler og risikogrupper",
                "Celler med 50 svarpersoner eller færre vises ikke (─). En "
                "risikogruppe er en kategori med en justeret odds ratio for svær "
                "ensomhed på mindst 2,0 og p < 0,05. Aldersgrupper: Unge 16-29 år, "
                "Yngre voksne 30-44 år, Midaldrende voksne 45-59 år, Yngre ældre "
                "60-74 år, Ældste ældre 75+ år.",
            ),
            ("Note", "A note."),
        ],
        "methods_full": [
            (
                "Data",
                "Syntetisk befolkning kalibreret til 'Hvordan har du det? 2013', "
                "Aarhus (syntetiske data).",
            ),
            (
                "Ensomhedsskala",
                "Three-Item Loneliness Scale (T-ILS; spørgsmålene ils1, ils2, ils3) "
                "summeres til en score fra 3 til 9; er færre end tre, men mindst 3, "
                "besvaret, omregnes summen til samme skala. Svær ensomhed: score "
                "7,5-9; moderat: 5-6; ikke ensom: under det moderate interval.",
            ),
            (
                "Surveydesign",
                "Vægte: kolonnen vaegt. Strata: s1 + s2. Primære udvælgelsesenheder "
                "(PSU): p1 + p2. Endelighedskorrektion: f1 + f2. Strata med én PSU: "
                "adjust. Varianser er estimeret ved Taylor-linearisering; "
                "aldersgrupper og kategorier er domæner af hele designet.",
            ),
            (
                "Forekomst",
                "Vægtede procenter. 90 %-intervallet for svær ensomhed er "
                "logit-intervallet fra R-pakken surveys svyciprop på en t-fordeling "
                "med designets frihedsgrader.",
            ),
            (
                "Justerede odds ratioer",
                "Designbaseret logistisk regression (som R-pakken surveys svyglm med "
                "quasibinomial-familien): svært ensom mod ikke ensom og moderat "
                "ensom mod ikke ensom, hver med alder (kontinuert, pr. år) og køn, "
                "etnicitet, uddannelsesniveau, arbejdsmarkedstilknytning, "
                "samlivssituation, børn i hjemmet, bolig, boligområde, bydel, hyppig "
                "kontakt med praktiserende læge, livstruende somatisk sygdom, "
                "hospitalsindlæggelse (somatisk sygdom), længerevarende psykisk "
                "lidelse, psykiatrisk behandling. Komplette observationer for "
                "modellens variable. En faktor indgår i en aldersgruppes model, når "
                "dens referencekategori og mindst én anden kategori forekommer dér. "
                "Wald-intervaller og p-værdier på en t-fordeling med designets "
                "residuale frihedsgrader.",
            ),
            (
                "Små celler og risikogrupper",
                "Celler med 20 svarpersoner eller færre vises ikke (─). En "
                "risikogruppe er en kategori med en justeret odds ratio for svær "
                "ensomhed på mindst 1,5 og p < 0,01. Aldersgrupper: Unge 16-29 år, "
                "Yngre voksne 30-44 år, Midaldrende voksne 45-59 år, Yngre ældre "
                "60-74 år, Ældste ældre 75+ år.",
            ),
        ],
        "synthetic_note": "Syntetiske data: en kunstig befolkning kalibreret til rapportens "
        "offentliggjorte tabeller. Ingen rigtige svarpersoner.",
        "synthetic_method": [
            (
                "Syntetiske data",
                "Hver aldersgruppe har rapportens antal svarpersoner, og hver "
                "faktor har Bilag 1's antal i hver kategori, fordelt tilfældigt "
                "og uafhængigt inden for aldersgruppen. Bydele med mange udsatte "
                "er overrepræsenteret i stikprøven, og vægtene retter for det; "
                "derefter rakes vægtene til Bilag 1's vægtede andele i hver "
                "aldersgruppe. Ensomheden trækkes fra logistiske modeller, hvis "
                "parametre er tilpasset, så analysen af netop disse data giver "
                "Tabel 1, Tabel 2's odds ratioer og de syv risikogrupper "
                "tilbage, og Tabel 3 så tæt, som de små celler tillader. Odds "
                "ratioerne er sigtet lidt mod rapportens signifikans (højst 15 % "
                "i Tabel 2 og 30 % i Tabel 3), og blandt de sidste "
                "tilpasningsrunder beholdes en, der opfylder alle kriterier "
                "(Tabel 1-3, stjernerne og de syv risikogrupper).",
            ),
            (
                "Begrænsninger",
                "Faktorerne er uafhængige inden for en aldersgruppe, så den "
                "indbyrdes sammenhæng (confounding) og vekselvirkninger i "
                "rigtige data mangler. Tallene er rekonstrueret fra afrundede, "
                "offentliggjorte tabeller og kan ikke bruges til nye opdagelser, "
                "kun til at vise og afprøve analysen.",
            ),
        ],
        "comparison": (
            "Offentliggjort og genskabt",
            ["Tabel", "Gruppe", "Faktor", "Kategori", "Mål", "Offentliggjort", "Genskabt"],
            "Offentliggjort og genskabt",
        ),
    },
    "en": {
        "words": {
            "title": "Loneliness: prevalence and risk groups",
            "synthetic": "Synthetic data",
            "table1": "Table 1. Loneliness by age group",
            "table2": "Table 2. Prevalence of moderate and severe loneliness by "
            "demographic, social and health factors",
            "table3": "Table 3. Odds ratios (OR) for severe loneliness by age group",
            "bilag1": "Appendix 1. The study population",
            "risk": "Risk groups for severe loneliness",
            "figure": "Figure 1. Risk groups for severe loneliness (adjusted OR with 95% "
            "confidence interval)",
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
            "footnote": "aOR: odds ratio adjusted for all other factors in the table. * "
            "p < {alpha}. ─: left out, fewer than {min_cell_plus} "
            "respondents.",
            "counts": "Respondents: {n} in all, {scored} with a loneliness score.",
            "headcount": "Corresponds to about {severe} severely and {moderate} "
            "moderately lonely people in a population of {population}.",
            "no_risk": "No category meets the risk-group rule.",
            "unreliable": "†: the model did not converge or hit separation (fitted "
            "probabilities of 0 or 1, e.g. a category without cases); the "
            "number is not a reliable estimate.",
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
        },
        "trend_words": {
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
            "rose": "{group}: the share with severe loneliness rose from {a}% in "
            "{first} to {b}% in {last} ({diff} percentage points, {level}% "
            "CI {low} to {high}).",
            "fell": "{group}: the share with severe loneliness fell from {a}% in "
            "{first} to {b}% in {last} ({diff} percentage points, {level}% "
            "CI {low} to {high}).",
            "unclear": "{group}: no clear change from {first} ({a}%) to {last} "
            "({b}%); the confidence interval of the difference ({low} "
            "to {high} percentage points) includes 0.",
            "std_rose": "Age-standardised, the share rose from {a}% to {b}% "
            "({diff} percentage points, {level}% CI {low} to {high}).",
            "std_fell": "Age-standardised, the share fell from {a}% to {b}% "
            "({diff} percentage points, {level}% CI {low} to {high}).",
            "std_unclear": "Age-standardised, there is no clear change ({a}% and "
            "{b}%; the difference, {low} to {high} percentage "
            "points, includes 0).",
            "method_title": "Methods",
            "method": "Each wave is read and scored through its own codebook; "
            "every wave has the same age groups and loneliness bands. "
            "The prevalence in a wave is a design-based weighted mean "
            "with a logit confidence interval, as in Table 1. The waves "
            "are independent samples, so the standard error of a "
            "difference is the square root of the sum of the two squared "
            "standard errors, with a normal interval and p-value. The "
            "age-standardised prevalence is directly standardised (as "
            "R's svystandardize) to {standard}; its standard error takes "
            "the standard as known.",
            "standard_default": "the first wave's weighted age distribution among "
            "respondents with a score",
            "standard_given": "the standard population given",
            "generated": "Made with Brobygger",
            "sheet_trend": "Trend",
            "sheet_standardised": "Age-standardised",
            "sheet_standard": "Standard",
            "sheet_method": "Methods",
        },
        "methods_demo": [
            (
                "Data",
                "Syntetisk befolkning kalibreret til 'Hvordan har du det? 2013', "
                "Aarhus (syntetiske data). data.csv",
            ),
            (
                "Loneliness scale",
                "The three-item loneliness scale (T-ILS; items ils1, ils2, ils3) is "
                "summed to a score from 3 to 9; with fewer answered items than three "
                "but at least 3, the sum is rescaled to that range. Severe "
                "loneliness: score 7-9; moderate: 5-6; not lonely: below the "
                "moderate band.",
            ),
            (
                "Survey design",
                "Weights: column vaegt. No strata. Each respondent is their own PSU. "
                "Strata with a single PSU: fail. Variances are estimated by Taylor "
                "linearisation; age groups and categories are domains of the whole "
                "design.",
            ),
            (
                "Prevalence",
                "Weighted percentages. The 95% interval for severe loneliness is the "
                "logit interval of R survey's svyciprop, on a t distribution with "
                "the design's degrees of freedom.",
            ),
            (
                "Adjusted odds ratios",
                "Design-based logistic regression (as R survey's svyglm with the "
                "quasibinomial family): severe loneliness versus not lonely, and "
                "moderate versus not lonely, each with age (continuous, per year) "
                "and sex, ethnicity, educational level, labour-market attachment, "
                "cohabitation status, children in the home, housing tenure, type of "
                "residential area, city district, frequent contact with general "
                "practitioner, life-threatening somatic disease, hospital admission "
                "(somatic disease), long-term mental disorder, psychiatric "
                "treatment. Complete cases of each model's variables. A factor "
                "enters an age group's model only when its reference category and at "
                "least one other category occur there. Wald intervals and p-values "
                "on a t distribution with the design's residual degrees of freedom.",
            ),
            (
                "Small cells and risk groups",
                "Cells with 50 respondents or fewer are not shown (─). A risk group "
                "is a category whose adjusted odds ratio for severe loneliness is at "
                "least 2.0 with p < 0.05. Age groups: Young people 16-29, Younger "
                "adults 30-44, Middle-aged adults 45-59, Younger elderly 60-74, "
                "Oldest elderly 75+.",
            ),
            ("Note", "A note."),
        ],
        "methods_full": [
            (
                "Data",
                "Syntetisk befolkning kalibreret til 'Hvordan har du det? 2013', "
                "Aarhus (syntetiske data).",
            ),
            (
                "Loneliness scale",
                "The three-item loneliness scale (T-ILS; items ils1, ils2, ils3) is "
                "summed to a score from 3 to 9; with fewer answered items than three "
                "but at least 3, the sum is rescaled to that range. Severe "
                "loneliness: score 7.5-9; moderate: 5-6; not lonely: below the "
                "moderate band.",
            ),
            (
                "Survey design",
                "Weights: column vaegt. Strata: s1 + s2. Primary sampling units: p1 "
                "+ p2. Finite population correction: f1 + f2. Strata with a single "
                "PSU: adjust. Variances are estimated by Taylor linearisation; age "
                "groups and categories are domains of the whole design.",
            ),
            (
                "Prevalence",
                "Weighted percentages. The 90% interval for severe loneliness is the "
                "logit interval of R survey's svyciprop, on a t distribution with "
                "the design's degrees of freedom.",
            ),
            (
                "Adjusted odds ratios",
                "Design-based logistic regression (as R survey's svyglm with the "
                "quasibinomial family): severe loneliness versus not lonely, and "
                "moderate versus not lonely, each with age (continuous, per year) "
                "and sex, ethnicity, educational level, labour-market attachment, "
                "cohabitation status, children in the home, housing tenure, type of "
                "residential area, city district, frequent contact with general "
                "practitioner, life-threatening somatic disease, hospital admission "
                "(somatic disease), long-term mental disorder, psychiatric "
                "treatment. Complete cases of each model's variables. A factor "
                "enters an age group's model only when its reference category and at "
                "least one other category occur there. Wald intervals and p-values "
                "on a t distribution with the design's residual degrees of freedom.",
            ),
            (
                "Small cells and risk groups",
                "Cells with 20 respondents or fewer are not shown (─). A risk group "
                "is a category whose adjusted odds ratio for severe loneliness is at "
                "least 1.5 with p < 0.01. Age groups: Young people 16-29, Younger "
                "adults 30-44, Middle-aged adults 45-59, Younger elderly 60-74, "
                "Oldest elderly 75+.",
            ),
        ],
        "synthetic_note": "Synthetic data: an artificial population calibrated to the report's "
        "published tables. No real respondents.",
        "synthetic_method": [
            (
                "Synthetic data",
                "Each age group has the report's number of respondents, and each "
                "factor has Bilag 1's count in each category, assigned at random "
                "and independently within the age group. Districts with many "
                "disadvantaged residents are over-represented in the sample and "
                "the weights correct for it; the weights are then raked to Bilag "
                "1's weighted shares in each age group. Loneliness is drawn from "
                "logistic models whose parameters are fitted so that the "
                "analysis of these very data gives back Table 1, Table 2's odds "
                "ratios and the seven risk groups, and Table 3 as closely as its "
                "small cells allow. The odds ratios are aimed a little towards "
                "the report's significance (at most 15 % in Table 2 and 30 % in "
                "Table 3), and of the last fitting rounds one that meets every "
                "criterion (Tables 1-3, the stars and the seven risk groups) is "
                "kept.",
            ),
            (
                "Limits",
                "The factors are independent within an age group, so the "
                "confounding between them and the interactions of real data are "
                "absent. The numbers are reconstructed from rounded published "
                "tables and can show and test the analysis, not make new "
                "findings.",
            ),
        ],
        "comparison": (
            "Published and reproduced",
            ["Table", "Group", "Factor", "Category", "Measure", "Published", "Reproduced"],
            "Published and reproduced",
        ),
    },
}
