"""The pocket guide in the citizen languages (issue 13): a draft translation says so on its
cover; an unknown language is refused naming the option."""

from __future__ import annotations

import subprocess

import pytest
from typer.testing import CliRunner

from brobygger.cli import app

pytestmark = pytest.mark.django_db


def _text(path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_the_guide_prints_in_ukrainian_marked_as_a_draft(seeded, tmp_path):
    out = tmp_path / "uk.pdf"
    result = CliRunner().invoke(
        app,
        ["vejviser", "--audience", "adults_30_64", "--include-unconfirmed", "--lang", "uk",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert "Путівник до нових спільнот" in text
    assert "Чернетка перекладу" in text  # "draft translation", discreetly on the cover


def test_a_danish_guide_carries_no_draft_note(seeded, tmp_path):
    out = tmp_path / "da.pdf"
    result = CliRunner().invoke(
        app, ["vejviser", "--audience", "adults_30_64", "--include-unconfirmed", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Udkast til oversættelse" not in _text(out)


def test_an_unknown_language_is_refused_naming_the_option(seeded, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "vejviser",
            "--audience",
            "adults_30_64",
            "--lang",
            "xx",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert result.exit_code == 2
    assert "--lang" in result.stderr
