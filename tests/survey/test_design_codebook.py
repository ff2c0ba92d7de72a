"""The codebook's design: PSUs and fpc per stage (R ``svydesign(ids = ~a + b, fpc = ~f1 + f2)``),
every lonely_psu option, clear errors; and left-closed age bands."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from brobygger.survey.codebook import load_codebook
from brobygger.survey.estimators import mean
from brobygger.survey.prepare import prepare
from tests.survey.conftest import edit_codebook, edit_csv

R = Path(__file__).parent / "r"
NHANES = R / "nhanes"


def analyse(data: Path, codebook: Path, out: Path):
    return subprocess.run(
        [sys.executable, "-m", "brobygger.cli", "survey", "analyse", str(data)]
        + ["--codebook", str(codebook), "--out", str(out), "--formats", "csv"],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def golden():
    with open(R / "golden.csv", encoding="utf-8") as handle:
        return {
            (r["case"], r["what"], r["term"]): float(r["value"]) for r in csv.DictReader(handle)
        }


@pytest.fixture
def clus2(reference, tmp_path):
    """R's apiclus2 with three answered items and an age, and a two-stage codebook."""
    df = pd.read_csv(reference / "r-survey" / "apiclus2.csv")
    df["t1"] = df["t2"] = df["t3"] = 1
    df["alder"] = 40
    df.to_csv(tmp_path / "data.csv", index=False)
    codebook = {
        "survey": "apiclus2",
        "design": {"weight": "pw", "psu": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"]},
        "loneliness": {"items": ["t1", "t2", "t3"], "codes": {1: 1, 2: 2, 3: 3}},
        "age": {
            "column": "alder",
            "groups": [{"from": 16, "to": None, "label": {"da": "a", "en": "a"}}],
        },
    }
    (tmp_path / "codebook.yaml").write_text(yaml.safe_dump(codebook), encoding="utf-8")
    return df, tmp_path / "data.csv", tmp_path / "codebook.yaml"


def test_a_codebook_takes_psu_and_fpc_per_stage_as_r(clus2, golden):
    df, data, codebook = clus2
    prepared = prepare(load_codebook(codebook), data)
    assert len(prepared.design.stages) == 2
    domain = (df["stype"] == "H").to_numpy()
    estimate = mean(prepared.design, df["api00"].to_numpy(float), domain)
    assert estimate.estimate == pytest.approx(golden[("clus2_domain", "mean", "")], rel=1e-6)
    assert estimate.se == pytest.approx(golden[("clus2_domain", "mean_se", "")], rel=1e-6)


def test_an_fpc_for_fewer_stages_than_psus_is_a_clear_error(clus2, tmp_path):
    _df, data, codebook = clus2
    edit_codebook(codebook, lambda c: c["design"].update(fpc=["fpc1"]))
    result = analyse(data, codebook, tmp_path / "out")
    assert result.returncode == 2
    assert "design: fpc gives 1 column(s) but psu has 2 stage(s)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture
def lonely(tmp_path):
    """nhanes with stratum 89 left with one PSU."""
    df = pd.read_csv(NHANES / "nhanes.csv", dtype=str, keep_default_na=False)
    df = df[~((df["SDMVSTRA"] == "89") & (df["SDMVPSU"] == "2"))]
    df.to_csv(tmp_path / "data.csv", index=False)
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text((NHANES / "codebook.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path / "data.csv", codebook


def test_a_single_psu_stratum_error_names_the_stage_and_the_stratum_value(lonely, tmp_path):
    data, codebook = lonely
    result = analyse(data, codebook, tmp_path / "out")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "error: stage 1: stratum 89 has only one PSU (set design.lonely_psu to remove, adjust, "
        "average or certainty)"
    ]


def test_lonely_psu_average_is_accepted_and_widens_nothing_it_should_not(lonely, tmp_path):
    data, codebook = lonely
    results = {}
    for option in ("average", "remove"):
        edit_codebook(codebook, lambda c, o=option: c["design"].update(lonely_psu=o))
        result = analyse(data, codebook, tmp_path / option)
        assert result.returncode == 0, result.stderr
        with open(tmp_path / option / "table1.csv", encoding="utf-8") as handle:
            results[option] = next(csv.DictReader(handle))
    # same estimate; average scales the other strata's variance up, so a wider interval
    assert results["average"]["severe_pct"] == results["remove"]["severe_pct"]
    width = {
        o: float(r["severe_pct_high"]) - float(r["severe_pct_low"]) for o, r in results.items()
    }
    assert width["average"] > width["remove"]


def test_fractional_ages_fall_in_the_left_closed_band(case):
    data, codebook = case

    def change(frame):
        frame.loc[0:3, "alder_aar"] = ["29.5", "29.99", "30", "16"]

    edit_csv(data, change)
    prepared = prepare(load_codebook(codebook), data)
    keys = [g.key for g in prepared.codebook.age.groups]
    assert [keys[g] for g in prepared.group[:4]] == ["16-29", "16-29", "30-44", "16-29"]
    assert np.all(prepared.group[~np.isnan(prepared.age)] >= 0)
