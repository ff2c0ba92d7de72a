"""The trend's input checks in the library (fast, in-process): --wave specs, the standard
file, the definitions every wave must share; the CLI's one-line errors are in
test_trend_cli.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from brobygger.survey import trend as t
from brobygger.survey.codebook import load_codebook
from brobygger.survey.errors import SurveyError

GOLDEN = Path(__file__).parent / "r" / "trend"


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(GOLDEN / "codebook2013.yaml")


def test_it_parses_a_wave_spec_with_a_colon_in_the_data_path():
    spec = t.parse_wave("2017=C:/data/w17.csv:cb.yaml")
    assert spec == t.WaveSpec("2017", Path("C:/data/w17.csv"), Path("cb.yaml"))


def write_standard(tmp_path, text):
    path = tmp_path / "standard.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("from,share\n16,0.5\n30,0.5\n45,0\n66,0\n", "row 5: no age group starts at 66"),
        ("from,share\n16,0.5\n30,0.5\n45,0\n", "no share for the age group(s) from 65"),
        ("from,share\n16,0.5\n16,0.5\n30,0\n45,0\n65,0\n", "row 3: age group 16 is given twice"),
        ("from,share\n16,x\n", "row 2: from and share must be numbers"),
        ("from,share\n16,-0.1\n30,0.6\n45,0.3\n65,0.2\n", "share -0.1 is not a proportion"),
        ("age,share\n16,1\n", "needs the columns from, share"),
    ],
)
def test_it_names_the_row_at_fault_in_the_standard(tmp_path, codebook, text, message):
    with pytest.raises(SurveyError, match=re.escape(message)):
        t.load_standard(write_standard(tmp_path, text), codebook)


def test_it_takes_shares_that_sum_to_one_within_1e_9(tmp_path, codebook):
    path = write_standard(tmp_path, "from,share\n65,0.2\n16,0.2\n30,0.25\n45,0.3500000000001\n")
    assert list(t.load_standard(path, codebook)) == [0.2, 0.25, 0.3500000000001, 0.2]
    path = write_standard(tmp_path, "from,share\n65,0.2\n16,0.2\n30,0.25\n45,0.35000001\n")
    with pytest.raises(SurveyError, match="sum to"):
        t.load_standard(path, codebook)


def test_it_refuses_a_different_confidence_level(tmp_path):
    text = (GOLDEN / "codebook2017.yaml").read_text(encoding="utf-8")
    other = tmp_path / "codebook.yaml"
    other.write_text(text + "options: {level: 0.9}\n", encoding="utf-8")
    specs = [
        t.WaveSpec("2013", GOLDEN / "wave2013.csv", GOLDEN / "codebook2013.yaml"),
        t.WaveSpec("2017", GOLDEN / "wave2017.csv", other),
    ]
    with pytest.raises(SurveyError, match=r"wave 2017 .*options.level differs .*\(0.9 vs 0.95\)"):
        t.load_codebooks(specs)


def test_it_checks_the_standard_before_reading_any_data(tmp_path):
    specs = [
        t.WaveSpec("2013", tmp_path / "missing.csv", GOLDEN / "codebook2013.yaml"),
        t.WaveSpec("2017", tmp_path / "missing.csv", GOLDEN / "codebook2017.yaml"),
    ]
    standard = write_standard(tmp_path, "from,share\n16,1\n30,1\n45,0\n65,0\n")
    with pytest.raises(SurveyError, match="standard.csv: the shares sum to 2"):
        t.run_trend(specs, tmp_path / "out", standard=standard)
    assert not (tmp_path / "out").exists()
