"""`survey synth --wave`: later synthetic waves with an invented change of severe loneliness
(synth/waves.py); the realised change is checked on the demo's trend
(tests/insights/test_trend_demo.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from brobygger.survey.errors import SurveyError
from brobygger.survey.published import published
from brobygger.survey.synth import WAVES
from brobygger.survey.synth.codebook import codebook_dict
from brobygger.survey.synth.outcome import table1_targets
from brobygger.survey.synth.waves import wave_change

BROBYGGER = [sys.executable, "-m", "brobygger.cli"]


def test_it_aims_the_default_wave_at_the_published_table1():
    assert table1_targets() is published()["table1"]
    assert table1_targets({}) is published()["table1"]
    assert codebook_dict() == codebook_dict(wave=WAVES["2013"])


def test_it_moves_severe_loneliness_of_the_2017_wave_in_two_groups():
    pub = published()["table1"]
    aimed = table1_targets(WAVES["2017"].severe_shift)
    assert aimed["severe"]["16-29"] == pytest.approx(pub["severe"]["16-29"] + 2.5)
    assert aimed["severe"]["75+"] == pytest.approx(pub["severe"]["75+"] - 1.5)
    assert aimed["not_lonely"]["16-29"] == pytest.approx(pub["not_lonely"]["16-29"] - 2.5)
    for key in ("30-44", "45-59", "60-74"):
        assert aimed["severe"][key] == pub["severe"][key]
    assert aimed["moderate"] == {k: v for k, v in pub["moderate"].items() if k != "total"}
    assert "total" not in aimed["severe"]  # the groups decide the whole population
    assert pub["severe"]["16-29"] == published()["table1"]["severe"]["16-29"]  # not mutated


def test_it_labels_a_later_wave_as_invented_in_its_codebook():
    survey = codebook_dict(wave=WAVES["2017"])["survey"]
    assert "2017" in survey and "opfundet" in survey and "syntetiske data" in survey
    assert WAVES["2017"].seed == 2017


def test_it_refuses_an_unknown_wave(tmp_path):
    with pytest.raises(SurveyError, match="2013, 2017, 2021"):
        wave_change("2019")
    result = subprocess.run(
        [*BROBYGGER, "survey", "synth", "--out", str(tmp_path / "x"), "--wave", "2019"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: --wave '2019': no such synthetic wave (use 2013, 2017, 2021)"
    ]
    assert not (tmp_path / "x").exists()
