"""SurveyError carries a code and parameters; its str() is the one English line it always was."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

import brobygger.survey
import brobygger.survey.errors
from brobygger.survey.codebook import load_codebook, parse_codebook
from brobygger.survey.errors import ERRORS, SurveyError
from brobygger.survey.prepare import prepare
from tests.survey.conftest import edit_codebook, edit_csv

SURVEY = Path(brobygger.survey.__file__).parent

# Where a code is given: SurveyError("code", ...), _invalid("code", ...) (a codebook value),
# column.fail(row, "code", ...) (a row value), or one of two codes chosen by a condition.
RAISED = [
    re.compile(r'SurveyError\(\s*"(\w+)"'),
    re.compile(r'_invalid\(\s*"(\w+)"'),
    re.compile(r'\.fail\(.*?,\s*"(\w+)"', re.DOTALL),
    re.compile(r'SurveyError\(\s*"\w+" if [^"]+ else "(\w+)"'),
    re.compile(r'SurveyError\(\s*"(\w+)" if '),
]


def _codes_given_in_the_library() -> set[str]:
    codes: set[str] = set()
    for path in SURVEY.rglob("*.py"):
        if path.name != "errors.py":
            text = path.read_text(encoding="utf-8")
            codes |= {code for pattern in RAISED for code in pattern.findall(text)}
    return codes


def test_every_code_given_is_in_the_table_and_every_code_in_the_table_is_given():
    given = _codes_given_in_the_library()
    assert given - set(ERRORS) == set()
    assert set(ERRORS) - given == set()


def test_the_table_in_the_docstring_lists_every_code():
    table = brobygger.survey.errors.__doc__ or ""
    documented = set(re.findall(r"^(\w+) {2,}", table, re.M)) - {"code"}  # less its header
    assert documented == set(ERRORS)


@pytest.mark.parametrize(
    ("code", "params", "line"),
    [
        ("file_empty", {"file": "data.sav"}, "data.sav: the file is empty"),
        (
            "unknown_file_type",
            {"file": "x.xls", "suffix": ".xls", "types": ".csv, .sav"},
            "x.xls: unknown file type '.xls' (use .csv, .sav)",
        ),
        (
            "row_value",
            {
                "file": "data.csv",
                "column": "vaegt",
                "key": "design.weight",
                "row": 3,
                "problem": SurveyError("weight_not_positive", value=-1.0),
            },
            "data.csv: column 'vaegt' (design.weight): weight -1 is not positive in row 3",
        ),
        (
            "lonely_psu",
            {"stage": 1, "stratum": "89"},
            "stage 1: stratum 89 has only one PSU (set design.lonely_psu to remove, adjust, "
            "average or certainty)",
        ),
    ],
)
def test_it_makes_the_english_line_from_the_code_s_template(code, params, line):
    error = SurveyError(code, **params)
    assert (error.code, str(error)) == (code, line)


def test_it_keeps_a_path_as_text():
    error = SurveyError("no_such_file", file=Path("folder") / "data.csv")
    assert error.params == {"file": str(Path("folder") / "data.csv")}


def test_it_refuses_an_unknown_code():
    with pytest.raises(ValueError, match="unknown SurveyError code 'no_such_thing'"):
        SurveyError("no_such_thing")


def test_it_refuses_a_missing_parameter_at_the_raise_site():
    with pytest.raises(KeyError):
        SurveyError("no_such_file")


def test_it_survives_pickling_with_its_code_and_nested_problem():
    error = SurveyError("wave_error", wave="2017", problem=SurveyError("file_empty", file="a"))
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, str(again), again.params["problem"].code) == (
        "wave_error",
        "wave 2017: a: the file is empty",
        "file_empty",
    )


def test_it_takes_the_working_folder_out_of_every_parameter_nested_or_not():
    error = SurveyError(
        "wave_error",
        wave="2017",
        problem=SurveyError("no_such_file", file="/tmp/run-1/data.csv"),
    )
    relative = error.with_paths_relative_to("/tmp/run-1")
    assert str(relative) == "wave 2017: data.csv: no such file"
    assert relative.params["problem"].params == {"file": "data.csv"}


def test_a_refused_codebook_value_carries_its_own_code(case):
    _data, codebook = case
    edit_codebook(codebook, lambda d: d["covariates"][0]["categories"][0].pop("reference", None))
    with pytest.raises(SurveyError) as caught:
        load_codebook(codebook)
    error = caught.value
    problem = error.params["problem"]
    assert (error.code, error.params["key"], problem.code, problem.params) == (
        "codebook_invalid",
        "covariates[0]",
        "reference_count",
        {"count": 0},
    )
    assert str(error) == f"{codebook}: covariates[0]: needs exactly one reference category (has 0)"


def test_pydantic_s_own_message_is_the_detail_of_value_invalid(case):
    _data, codebook = case
    edit_codebook(codebook, lambda d: d["options"].update(min_cell="many"))
    with pytest.raises(SurveyError) as caught:
        load_codebook(codebook)
    problem = caught.value.params["problem"]
    assert (caught.value.params["key"], problem.code) == ("options.min_cell", "value_invalid")
    assert "integer" in problem.params["detail"]


def test_a_misspelt_key_names_the_key_it_may_mean():
    with pytest.raises(SurveyError) as caught:
        parse_codebook({"survey": "s", "design": {"weigth": "w"}}, "kb.yaml")
    assert (caught.value.code, caught.value.params) == (
        "codebook_unknown_key_hint",
        {"file": "kb.yaml", "key": "design.weigth", "hint": "weight"},
    )


def test_a_refused_row_names_the_file_row_column_key_and_problem(case):
    data, codebook = case
    edit_csv(data, lambda f: f.loc.__setitem__((4, "alder_aar"), "tre"))
    with pytest.raises(SurveyError) as caught:
        prepare(load_codebook(codebook), data)
    error = caught.value
    problem = error.params["problem"]
    assert (error.code, problem.code) == ("row_value", "not_a_number")
    assert {k: v for k, v in error.params.items() if k != "problem"} == {
        "file": str(data),
        "column": "alder_aar",
        "key": "age.column",
        "row": 5,
    }
    assert problem.params == {"value": "tre", "what": "age in years"}
    assert str(error) == (
        f"{data}: column 'alder_aar' (age.column): 'tre' is not a number (age in years) in row 5"
    )
