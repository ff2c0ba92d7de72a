"""A parity case copied into a temporary folder, to be spoilt one way or another."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

CASE = "r-survey/loneliness-case"


@pytest.fixture
def case(reference, tmp_path):
    """(data.csv, codebook.yaml) copies of the R parity case."""
    for name in ("data.csv", "codebook.yaml"):
        shutil.copy(reference / CASE / name, tmp_path / name)
    return tmp_path / "data.csv", tmp_path / "codebook.yaml"


def edit_csv(path, change):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(path, index=False)


def edit_codebook(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
