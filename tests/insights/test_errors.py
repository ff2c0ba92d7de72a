"""The survey engine's one-line messages, said again in the reader's language with the file,
row, column and key kept exactly (checked in English; the Danish text is the PO file's)."""

from __future__ import annotations

import pytest
from django.utils import translation

from brobygger.insights.errors import explain

CASES = [
    (
        "data.csv: column 'udd' (covariates[3].column): unknown code 7 "
        "(the codebook's covariates[3] (udd) lists 1, 2, 3) in row 5",
        "data.csv, row 5, column “udd” (covariates[3].column): unknown code 7; "
        "the codebook's covariates[3] (udd) lists 1, 2, 3",
    ),
    (
        "data.csv: column 'alder' (age.column): 'tre' is not a number (age in years) in row 12",
        "data.csv, row 12, column “alder” (age.column): 'tre' is not a number",
    ),
    (
        "data.csv: column 'vaegt' (design.weight): weight -1 is not positive in row 3",
        "data.csv, row 3, column “vaegt” (design.weight): the weight -1 is not positive",
    ),
    (
        "data.csv: column 'vaegt' (design.weight): missing weight in row 9",
        "data.csv, row 9, column “vaegt” (design.weight): the value is missing",
    ),
    (
        "data.csv: column 'koen' not found (named by covariates[0].column)",
        "data.csv: there is no column “koen” (the codebook names it at covariates[0].column).",
    ),
    ("data.sav: the file is empty", "data.sav: the file is empty."),
    ("kb.yaml: not valid YAML (line 4)", "kb.yaml: the codebook is not valid YAML (line 4)."),
    (
        "kb.yaml: design.weigth: unknown key (did you mean weight?)",
        "kb.yaml: the codebook key design.weigth is unknown. Did you mean weight?",
    ),
    (
        "kb.yaml: covariates[2].categories: required key is missing",
        "kb.yaml: the required codebook key covariates[2].categories is missing.",
    ),
    (
        "kb.yaml: covariates[0]: needs exactly one reference category (has 0)",
        "kb.yaml: the codebook key covariates[0] is not valid: "
        "needs exactly one reference category (has 0)",
    ),
]


@pytest.mark.parametrize(("engine", "shown"), CASES)
def test_it_says_each_known_message_again_keeping_the_names(engine, shown):
    with translation.override("en"):
        assert explain(engine) == shown


def test_it_shows_an_unknown_message_as_it_is():
    with translation.override("en"):
        assert explain("something new went wrong") == "something new went wrong"
