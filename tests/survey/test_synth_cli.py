"""`brobygger survey synth` through the real command: the files, and a warning on stderr when
no calibration round met every criterion."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import yaml

BROBYGGER = [sys.executable, "-m", "brobygger.cli"]


def test_it_warns_when_a_survey_is_too_small_to_meet_the_criteria(tmp_path):
    """500 respondents: nearly every Table 3 cell has 50 or fewer and is suppressed, so 80 %
    of the report's Table 3 cannot come back; the files are written and the user is told."""
    result = subprocess.run(
        [*BROBYGGER, "survey", "synth", "--out", str(tmp_path), "--n", "500", "--seed", "1"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "warning: no calibration round met every criterion" in result.stderr
    data = pd.read_csv(tmp_path / "data.csv")
    codebook = yaml.safe_load((tmp_path / "codebook.yaml").read_text(encoding="utf-8"))
    assert len(data) == 500
    assert {"vaegt", "alder", "ils1", "ils2", "ils3"} <= set(data.columns)
    assert [c["name"] for c in codebook["covariates"]] == [
        c for c in data.columns if c not in {"id", "vaegt", "alder", "ils1", "ils2", "ils3"}
    ]
