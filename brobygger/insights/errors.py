"""The survey engine's errors in the reader's language.

The engine (``brobygger.survey``, no Django) raises :class:`SurveyError` with a code and
parameters (the table of codes is in ``brobygger/survey/errors.py``). Each code has a Django
gettext template here, filled with the parameters: the names (file, row, column, key, code)
stay exactly as the engine gave them, and a ``problem`` parameter, itself a code, is said in
the same language. A code without a template here is shown as the engine's English line (a
test checks that every code has one).

An analysis run keeps its error as text (:func:`stored`): the English line, then the code and
parameters as JSON on a second line, so the page can say it in the viewer's language later.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext, gettext_noop

from brobygger.survey.errors import ERRORS, SurveyError

MESSAGES: dict[str, str] = {
    # Survey files
    "no_such_file": gettext_noop("%(file)s: there is no such file."),
    "is_folder": gettext_noop("%(file)s: is a folder, not a survey file."),
    "unknown_file_type": gettext_noop("%(file)s: unknown file type %(suffix)s (use %(types)s)."),
    "file_empty": gettext_noop("%(file)s: the file is empty."),
    "unreadable_file": gettext_noop("%(file)s: the file cannot be read as %(kind)s (%(reason)s)."),
    "no_respondents": gettext_noop("%(file)s: the file has no respondents."),
    "too_many_rows": gettext_noop("%(file)s: more than %(n)s rows, the most that may be analysed."),
    "column_not_found": gettext_noop(
        "%(file)s: there is no column “%(column)s” (the codebook names it at %(key)s)."
    ),
    # Codebooks
    "no_such_codebook": gettext_noop("%(file)s: there is no such codebook file."),
    "cannot_read": gettext_noop("%(file)s: the file cannot be read (%(reason)s)."),
    "codebook_not_utf8": gettext_noop(
        "%(file)s: the codebook is not UTF-8 text (line %(line)s); save it as UTF-8."
    ),
    "codebook_not_yaml": gettext_noop("%(file)s: the codebook is not valid YAML."),
    "codebook_not_yaml_line": gettext_noop(
        "%(file)s: the codebook is not valid YAML (line %(line)s)."
    ),
    "codebook_not_mapping": gettext_noop(
        "%(file)s: a codebook is a YAML mapping of keys (survey, design, …)."
    ),
    "codebook_unknown_key": gettext_noop("%(file)s: the codebook key %(key)s is unknown."),
    "codebook_unknown_key_hint": gettext_noop(
        "%(file)s: the codebook key %(key)s is unknown. Did you mean %(hint)s?"
    ),
    "codebook_missing_key": gettext_noop("%(file)s: the required codebook key %(key)s is missing."),
    "codebook_invalid": gettext_noop(
        "%(file)s: the codebook key %(key)s is not valid: %(problem)s"
    ),
    # Codebook values (the problem of codebook_invalid)
    "value_invalid": gettext_noop("the value is not valid (%(detail)s)"),
    "fpc_stages": gettext_noop(
        "fpc gives %(columns)s column(s) but psu has %(stages)s stage(s): give an fpc for "
        "every stage or none"
    ),
    "strata_stages": gettext_noop(
        "strata gives %(columns)s columns but psu has %(stages)s stage(s)"
    ),
    "band_shape": gettext_noop("must be [low, high]"),
    "band_order": gettext_noop("low must not exceed high"),
    "min_items_range": gettext_noop("min_items must be between 1 and %(items)s"),
    "bands_overlap": gettext_noop("the moderate band must lie below the severe band"),
    "codes_scored_and_missing": gettext_noop("code(s) %(codes)s are both scored and missing"),
    "age_groups_order": gettext_noop(
        "age groups %(first)s and %(second)s overlap or are out of order"
    ),
    "reference_count": gettext_noop("needs exactly one reference category (has %(count)s)"),
    "category_codes_shared": gettext_noop("two categories share a code"),
    "category_names_shared": gettext_noop("two categories share a name"),
    "covariate_names": gettext_noop("covariate names must be unique and not “age”"),
    # Rows
    "row_value": gettext_noop("%(file)s, row %(row)s, column “%(column)s” (%(key)s): %(problem)s"),
    "not_a_number": gettext_noop("%(value)s is not a number"),
    "missing_value": gettext_noop("the value is missing"),
    "unknown_code": gettext_noop(
        "unknown code %(code)s; the codebook's %(where)s lists %(listed)s"
    ),
    "weight_not_positive": gettext_noop("the weight %(value)s is not positive"),
    "age_impossible": gettext_noop("the age %(value)s is impossible"),
    "fpc_value_not_positive": gettext_noop("the finite population correction must be positive"),
    "design_invalid": gettext_noop("%(file)s: the sampling design cannot be used: %(problem)s"),
    # The design (also the problem of design_invalid)
    "design_missing_labels": gettext_noop("strata and PSU labels must not be missing"),
    "lonely_psu_choice": gettext_noop("lonely_psu must be one of %(choices)s"),
    "strata_stages_design": gettext_noop(
        "strata are given for %(strata)s stages, PSUs for %(stages)s"
    ),
    "fpc_stages_design": gettext_noop(
        "fpc is given for %(fpcs)s stage(s) but the design has %(stages)s stages: give an fpc "
        "for every stage or for none"
    ),
    "weights_length": gettext_noop("the weights must have one value per respondent"),
    "design_empty": gettext_noop("a design needs weights, clusters or strata"),
    "fpc_not_positive": gettext_noop(
        "stage %(stage)s: the finite population correction must be positive"
    ),
    "fpc_not_constant": gettext_noop(
        "stage %(stage)s: the finite population correction must be the same within each stratum"
    ),
    "fpc_too_small": gettext_noop(
        "stage %(stage)s: the finite population correction is smaller than the number of "
        "sampled units in a stratum"
    ),
    "weights_required": gettext_noop(
        "weights are required unless every stage has a finite population correction"
    ),
    "lonely_psu": gettext_noop(
        "stage %(stage)s: stratum %(stratum)s has only one PSU (set design.lonely_psu to "
        "remove, adjust, average or certainty)"
    ),
    "lonely_unit": gettext_noop(
        "stage %(stage)s: stratum %(stratum)s has only one sampling unit (set "
        "design.lonely_psu to remove, adjust, average or certainty)"
    ),
    # Estimation
    "domain_empty": gettext_noop("The group analysed has no respondents."),
    "no_model_respondents": gettext_noop("No respondents to fit the model on."),
    "interval_method": gettext_noop("Unknown interval method %(method)s (logit or beta)."),
    "standard_no_weight": gettext_noop(
        "The standard population gives no weight to the age groups of the group analysed."
    ),
    "no_age_group": gettext_noop("No respondent with a score has an age group."),
    # Trends
    "wave_spec": gettext_noop(
        "--wave “%(value)s”: expected LABEL=DATA:CODEBOOK (e.g. 2017=s.csv:c.yaml)."
    ),
    "trend_waves": gettext_noop("A trend needs two or more waves."),
    "wave_label_twice": gettext_noop("The wave label “%(label)s” is used twice."),
    "wave_differs": gettext_noop(
        "Wave %(label)s (%(file)s): %(key)s differs from wave %(first)s's (%(value)s vs "
        "%(first_value)s); a trend needs the same definitions in every wave."
    ),
    "wave_error": gettext_noop("Wave %(wave)s: %(problem)s"),
    "no_such_standard": gettext_noop("%(file)s: there is no such standard population file."),
    "standard_unreadable": gettext_noop(
        "%(file)s: the standard population cannot be read (%(reason)s)."
    ),
    "standard_columns": gettext_noop(
        "%(file)s: needs the columns from and share (one row per age group)."
    ),
    "standard_not_numbers": gettext_noop("%(file)s, row %(row)s: from and share must be numbers."),
    "standard_no_group": gettext_noop(
        "%(file)s, row %(row)s: no age group starts at %(start)s (%(listed)s)."
    ),
    "standard_group_twice": gettext_noop(
        "%(file)s, row %(row)s: the age group %(start)s is given twice."
    ),
    "standard_share": gettext_noop("%(file)s, row %(row)s: the share %(share)s is not valid."),
    "standard_missing_groups": gettext_noop(
        "%(file)s: no share for the age group(s) from %(groups)s."
    ),
    "standard_sum": gettext_noop("%(file)s: the shares sum to %(total)s, not 1."),
    # Command line, demo and files
    "formats_unknown": gettext_noop("--formats: unknown format “%(value)s”."),
    "formats_none": gettext_noop("--formats: no format given."),
    "wave_unknown": gettext_noop("--wave “%(label)s”: no such synthetic wave (use %(choices)s)."),
    "published_unreadable": gettext_noop(
        "%(file)s: the published numbers cannot be read (%(reason)s)."
    ),
    "published_missing": gettext_noop("%(file)s: %(keys)s is missing."),
    "published_age_groups": gettext_noop(
        "%(file)s: the age groups %(groups)s are not %(expected)s."
    ),
    "pdf_failed": gettext_noop("%(file)s: the PDF could not be written (%(reason)s)."),
}

# Parameters shown quoted as the engine's English line quotes them ('.xls', 'tre').
QUOTED: dict[str, tuple[str, ...]] = {
    "unknown_file_type": ("suffix",),
    "not_a_number": ("value",),
}


def _shown(code: str, name: str, value: Any) -> str:
    if isinstance(value, SurveyError):
        return explain(value)
    if name in QUOTED.get(code, ()):
        return repr(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def explain(error: SurveyError | str) -> str:
    """The error in the active language.

    A :class:`SurveyError`, or the text :func:`stored` made of one, is said from its code; any
    other text (a run stored before codes existed) and a code without a template here are shown
    as the engine's English line.
    """
    if isinstance(error, str):
        line, restored = _split(error)
        if restored is None:
            return line
        error = restored
    msgid = MESSAGES.get(error.code)
    if msgid is None:
        return str(error)
    return gettext(msgid) % {k: _shown(error.code, k, v) for k, v in error.params.items()}


def _as_data(error: SurveyError) -> dict:
    params = {k: _as_data(v) if isinstance(v, SurveyError) else v for k, v in error.params.items()}
    return {"code": error.code, "params": params}


def _from_data(data: Any) -> SurveyError | None:
    if not (isinstance(data, dict) and data.get("code") in ERRORS):
        return None
    params = data.get("params")
    if not isinstance(params, dict):
        return None
    values = {}
    for k, v in params.items():
        nested = _from_data(v) if isinstance(v, dict) else None
        values[k] = nested if nested is not None else v
    try:
        return SurveyError(data["code"], **values)
    except (KeyError, IndexError, ValueError, TypeError):  # parameters that do not fit
        return None


def stored(error: SurveyError) -> str:
    """The error as text to keep: its English line, then its code and parameters as JSON."""
    data = json.dumps(_as_data(error), ensure_ascii=False, default=str)
    return f"{error}\n{data}"


def restore(text: str) -> SurveyError | None:
    """The error :func:`stored` wrote into ``text``, or None for any other text."""
    return _split(text)[1]


def _split(text: str) -> tuple[str, SurveyError | None]:
    """The English line of a stored error and the error itself (None if not restorable)."""
    text = text.strip()
    line, sep, data = text.rpartition("\n")
    if not sep or not data.startswith("{"):
        return text, None
    try:
        return line, _from_data(json.loads(data))
    except ValueError:
        return text, None
