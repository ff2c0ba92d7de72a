"""Golden numbers for the trend across waves from R's survey package (r/trend.R made
r/trend/expected.csv): two waves with different designs (2013 stratified and clustered, 2017
weights only, other columns and codes), the crude prevalence and its logit interval per wave
and group, the differences from the first wave (SE, interval, p) over the pooled design, and
the age-standardised prevalence with its SE under the default and a given standard. Every
number agrees to 1e-6 (relative; 1e-10 absolute for numbers near 0)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from scipy import special

from brobygger.survey import trend as t
from brobygger.survey.estimators import mean
from brobygger.survey.prepare import SEVERE
from brobygger.survey.tables import group_masks, table1

HERE = Path(__file__).parent / "r" / "trend"
Z = special.ndtri(0.975)


def close(value, expected):
    return value == pytest.approx(expected, rel=1e-6, abs=1e-10)


@pytest.fixture(scope="module")
def expected():
    with open(HERE / "expected.csv", encoding="utf-8") as handle:
        return {
            (r["case"], r["group"], r["wave"], r["what"]): float(r["value"])
            for r in csv.DictReader(handle)
        }


def specs():
    return [
        t.WaveSpec(year, HERE / f"wave{year}.csv", HERE / f"codebook{year}.yaml")
        for year in ("2013", "2017")
    ]


@pytest.fixture(scope="module")
def waves():
    return t.read_waves(specs())


@pytest.fixture(scope="module")
def default(waves):
    return t.build_trend(waves)


@pytest.fixture(scope="module")
def given(waves):
    return t.build_trend(waves, t.load_standard(HERE / "standard.csv", waves[0].data.codebook))


def test_it_reads_two_designs_through_their_own_codebooks(waves):
    first, second = (w.data for w in waves)
    assert len(first.design.stages) == 1 and first.design.degrees_of_freedom() == 48 - 4
    assert second.design.degrees_of_freedom() == second.n - 1  # weights only
    assert first.scored.sum() == 2394 and second.scored.sum() == 1836


def test_it_gives_rs_crude_prevalence_and_interval_per_wave_and_group(default, expected):
    assert len(default.rows) == 2 * 5
    for row in default.rows:
        key = ("crude", row["group"], row["wave"])
        assert row["n"] == expected[(*key, "n")]
        for what in ("severe_pct", "severe_pct_low", "severe_pct_high", "moderate_pct"):
            assert close(row[what], expected[(*key, what)]), (key, what)


def test_it_gives_rs_contrast_over_the_pooled_design(default, expected, waves):
    rows = [r for r in default.rows if r["wave"] == "2017"]
    assert len(rows) == 5
    for row in rows:
        key = ("diff", row["group"], "2017")
        for what in ("diff_pp", "diff_low", "diff_high", "diff_p"):
            assert close(row[what], expected[(*key, what)]), (key, what)
        assert close((row["diff_high"] - row["diff_low"]) / (2 * Z), expected[(*key, "diff_se")])
    for row in default.rows:
        if row["wave"] == "2013":
            assert row.get("diff_pp") is None  # the first wave is the reference
    # the per-wave SE is the wave's own design's (the pooled design adds nothing across waves)
    for wave in waves:
        data = wave.data
        severe = (data.band == SEVERE).astype(float)
        for key, mask in group_masks(data):
            se = 100 * mean(data.design, severe, mask & data.scored).se
            assert close(se, expected[("crude", key, wave.label, "severe_se")])


@pytest.mark.parametrize("name", ["default", "given"])
def test_it_gives_rs_standardised_prevalence_and_se(name, default, given, expected):
    trend = {"default": default, "given": given}[name]
    case = f"standard_{name}"
    for row in trend.standard:
        assert close(row["share"], expected[(case, row["group"], "", "share")])
    assert trend.standard_given == (name == "given")
    for row in trend.standardised:
        for what in ("severe_pct_std", "severe_pct_std_se", "severe_pct_std_low",
                     "severe_pct_std_high"):  # fmt: skip
            assert close(row[what], expected[(case, "all", row["wave"], what)]), what
        whole = next(r for r in trend.rows if r["group"] == "all" and r["wave"] == row["wave"])
        assert whole["severe_pct_std"] == row["severe_pct_std"]
    later = trend.standardised[1]
    assert close(later["diff_std_pp"], expected[(case, "all", "2017", "diff_std_pp")])
    assert close(later["diff_std_p"], expected[(case, "all", "2017", "diff_std_p")])
    se = (later["diff_std_high"] - later["diff_std_low"]) / (2 * Z)
    assert close(se, expected[(case, "all", "2017", "diff_std_se")])
    for row in trend.rows:
        if row["group"] != "all":
            assert row.get("severe_pct_std") is None  # standardised in the all rows only


def test_it_agrees_with_table1_of_each_wave(default, waves):
    for wave in waves:
        for t1 in table1(wave.data):
            row = next(
                r for r in default.rows if r["group"] == t1["group"] and r["wave"] == wave.label
            )
            assert row["n"] == t1["n"]
            for what in ("severe_pct", "severe_pct_low", "severe_pct_high", "moderate_pct"):
                assert row[what] == pytest.approx(t1[what], rel=1e-12)


def test_it_says_rose_fell_or_no_clear_change_from_the_interval():
    assert t.sentence_kind({"diff_low": 0.1, "diff_high": 3.0}) == "rose"
    assert t.sentence_kind({"diff_low": -3.0, "diff_high": -0.1}) == "fell"
    assert t.sentence_kind({"diff_low": -0.1, "diff_high": 3.0}) == "unclear"
    assert t.sentence_kind({}) is None
