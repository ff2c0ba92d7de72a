"""The survey engine's errors said again in the reader's language from their code and
parameters, keeping the file, row, column and key exactly (checked in English; the Danish text
is the PO file's, and every code must have it)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

from brobygger.insights import errors
from brobygger.insights.errors import MESSAGES, explain, restore, stored
from brobygger.survey.errors import ERRORS, SurveyError

DJANGO_PO = Path(errors.__file__).parent.parent / "locale" / "da" / "LC_MESSAGES" / "django.po"


def row(problem: SurveyError, column="udd", key="covariates[3].column", r=5) -> SurveyError:
    return SurveyError("row_value", file="data.csv", column=column, key=key, row=r, problem=problem)


CASES = [
    (
        row(SurveyError("unknown_code", code="7", where="covariates[3] (udd)", listed="1, 2, 3")),
        "data.csv, row 5, column “udd” (covariates[3].column): unknown code 7; "
        "the codebook's covariates[3] (udd) lists 1, 2, 3",
    ),
    (
        row(SurveyError("not_a_number", value="tre", what="age"), "alder", "age.column", 12),
        "data.csv, row 12, column “alder” (age.column): 'tre' is not a number",
    ),
    (
        row(SurveyError("weight_not_positive", value=-1.0), "vaegt", "design.weight", 3),
        "data.csv, row 3, column “vaegt” (design.weight): the weight -1 is not positive",
    ),
    (
        row(SurveyError("missing_value", what="weight"), "vaegt", "design.weight", 9),
        "data.csv, row 9, column “vaegt” (design.weight): the value is missing",
    ),
    (
        SurveyError("column_not_found", file="data.csv", column="koen", key="covariates[0].column"),
        "data.csv: there is no column “koen” (the codebook names it at covariates[0].column).",
    ),
    (SurveyError("file_empty", file="data.sav"), "data.sav: the file is empty."),
    (
        SurveyError("unknown_file_type", file="d.xls", suffix=".xls", types=".csv, .sav"),
        "d.xls: unknown file type '.xls' (use .csv, .sav).",
    ),
    (
        SurveyError("codebook_not_yaml_line", file="kb.yaml", line=4),
        "kb.yaml: the codebook is not valid YAML (line 4).",
    ),
    (
        SurveyError(
            "codebook_unknown_key_hint", file="kb.yaml", key="design.weigth", hint="weight"
        ),
        "kb.yaml: the codebook key design.weigth is unknown. Did you mean weight?",
    ),
    (
        SurveyError("codebook_missing_key", file="kb.yaml", key="covariates[2].categories"),
        "kb.yaml: the required codebook key covariates[2].categories is missing.",
    ),
    (
        SurveyError(
            "codebook_invalid",
            file="kb.yaml",
            key="covariates[0]",
            problem=SurveyError("reference_count", count=0),
        ),
        "kb.yaml: the codebook key covariates[0] is not valid: "
        "needs exactly one reference category (has 0)",
    ),
    (
        SurveyError(
            "design_invalid",
            file="data.csv",
            problem=SurveyError("lonely_psu", stage=1, stratum="89"),
        ),
        "data.csv: the sampling design cannot be used: stage 1: stratum 89 has only one PSU "
        "(set design.lonely_psu to remove, adjust, average or certainty)",
    ),
]


@pytest.mark.parametrize(("error", "shown"), CASES)
def test_it_says_each_error_from_its_code_keeping_the_names(error, shown):
    with translation.override("en"):
        assert explain(error) == shown


@pytest.mark.parametrize(("error", "shown"), CASES)
def test_it_says_a_stored_error_again_in_the_reader_s_language(error, shown):
    text = stored(error)
    assert text.splitlines()[0] == str(error)  # what the run keeps is the engine's line first
    assert restore(text).params.keys() == error.params.keys()
    with translation.override("en"):
        assert explain(text) == shown


def test_every_code_of_the_engine_has_a_translation():
    assert set(ERRORS) - set(MESSAGES) == set()
    assert set(MESSAGES) - set(ERRORS) == set()


def test_every_translation_has_its_danish_in_the_catalogue():
    catalogue = {e.msgid: e for e in polib.pofile(str(DJANGO_PO))}
    missing = sorted(
        msgid
        for msgid in MESSAGES.values()
        if msgid not in catalogue or not catalogue[msgid].translated() or catalogue[msgid].obsolete
    )
    assert missing == []


def test_it_shows_a_code_without_a_translation_as_the_engine_s_line(monkeypatch):
    monkeypatch.delitem(MESSAGES, "file_empty")
    with translation.override("da"):
        assert explain(SurveyError("file_empty", file="a.csv")) == "a.csv: the file is empty"


def test_it_shows_a_line_stored_before_codes_as_it_is():
    with translation.override("en"):
        assert explain("something new went wrong") == "something new went wrong"
        assert explain("a line\n{not json") == "a line\n{not json"


def test_a_stored_error_that_no_longer_fits_its_template_shows_its_line():
    text = 'data.csv: the file is empty\n{"code": "file_empty", "params": {}}'
    with translation.override("en"):
        assert explain(text) == "data.csv: the file is empty"
