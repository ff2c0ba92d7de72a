"""Properties that must hold for any survey (hypothesis): the estimates do not depend on the
scale of the weights, the order of the rows, or how the raw codes are spelt."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brobygger.survey.codebook import parse_codebook
from brobygger.survey.prepare import prepare
from brobygger.survey.tables import build_tables

CASE = "r-survey/loneliness-case"
SETTINGS = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def raw(reference):
    frame = pd.read_csv(reference / CASE / "data.csv", dtype=str, keep_default_na=False)
    codebook = yaml.safe_load((reference / CASE / "codebook.yaml").read_text(encoding="utf-8"))
    return frame.iloc[:2500].reset_index(drop=True), codebook


@pytest.fixture(scope="module")
def baseline(raw, tmp_path_factory):
    frame, codebook = raw
    return _analyse(frame, codebook, tmp_path_factory.mktemp("baseline"))


def _analyse(frame, codebook, folder):
    path = folder / "data.csv"
    frame.to_csv(path, index=False)
    return build_tables(prepare(parse_codebook(codebook), path))


def _numbers(tables) -> dict:
    out = {}
    for name in ("table1", "table2", "table3", "bilag1"):
        for row in getattr(tables, name):
            key = (name, row["group"], row.get("variable"), row.get("category"))
            out[key] = {k: v for k, v in row.items() if isinstance(v, float)}
    return out


def _assert_same(a, b):
    na, nb = _numbers(a), _numbers(b)
    assert na.keys() == nb.keys()
    for key in na:
        assert na[key].keys() == nb[key].keys(), key
        for column, value in na[key].items():
            assert nb[key][column] == pytest.approx(value, rel=1e-9, abs=1e-12), (key, column)


@SETTINGS
@given(factor=st.floats(min_value=1e-3, max_value=1e4))
def test_scaling_every_weight_changes_nothing(raw, baseline, tmp_path, factor):
    frame, codebook = raw
    scaled = frame.copy()
    scaled["wgt"] = (scaled["wgt"].astype(float) * factor).map(repr)
    _assert_same(baseline, _analyse(scaled, codebook, tmp_path))


@SETTINGS
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_shuffling_the_rows_changes_nothing(raw, baseline, tmp_path, seed):
    frame, codebook = raw
    shuffled = frame.sample(frac=1, random_state=np.random.RandomState(seed)).reset_index(drop=True)
    _assert_same(baseline, _analyse(shuffled, codebook, tmp_path))


@SETTINGS
@given(offset=st.integers(min_value=1, max_value=500), prefix=st.sampled_from(["", "K", "x-"]))
def test_recoding_the_raw_codes_through_the_codebook_changes_nothing(
    raw, baseline, tmp_path, offset, prefix
):
    frame, codebook = raw
    frame, codebook = frame.copy(), yaml.safe_load(yaml.safe_dump(codebook))

    def new(code) -> str:
        return f"{prefix}{offset + abs(hash(str(code))) % 997}-{code}"

    for cov in codebook["covariates"]:
        mapping = {str(c["code"]): new(c["code"]) for c in cov["categories"]}
        mapping.update({str(m): new(m) for m in cov.get("missing", [])})
        frame[cov["column"]] = frame[cov["column"]].map(lambda v, m=mapping: m.get(v, v))
        for c in cov["categories"]:
            c["code"] = mapping[str(c["code"])]
        cov["missing"] = [mapping[str(m)] for m in cov.get("missing", [])]
    lon = codebook["loneliness"]
    mapping = {str(k): new(k) for k in [*lon["codes"], *lon.get("missing", [])]}
    for item in lon["items"]:
        frame[item] = frame[item].map(lambda v, m=mapping: m.get(v, v))
    lon["codes"] = {mapping[str(k)]: v for k, v in lon["codes"].items()}
    lon["missing"] = [mapping[str(m)] for m in lon.get("missing", [])]
    _assert_same(baseline, _analyse(frame, codebook, tmp_path))
