"""`brobygger setup` asks the worker for the public synthetic analysis in each language unless a
current one exists: one made in an older report layout (no methods section) is made again."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.insights import services, tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.INSIGHTS_DIR = tmp_path / "insights"
    languages: list[str] = []

    class Worker:  # stands in for the queue: setup must not make the analysis itself
        @staticmethod
        def enqueue(language):
            languages.append(language)

    monkeypatch.setattr(tasks, "prepare_demo", Worker)
    umask = os.umask(0o022)
    os.umask(umask)
    yield languages
    os.umask(umask)  # setup sets an owner-only umask for the process


def _report(language: str, html: str) -> None:
    folder = services.demo_dir(language)
    folder.mkdir(parents=True)
    (folder / "report.html").write_text(html, encoding="utf-8")


def _setup() -> None:
    result = CliRunner().invoke(app, ["setup"])
    assert result.exit_code == 0, result.output


def test_it_asks_again_for_a_report_of_an_older_layout(queued):
    _report("da", "<html><section id='table1'></section></html>")  # made by an older version
    _report("en", f"<html>{services.REPORT_MARK}></section></html>")  # current
    _setup()
    assert queued == ["da"]


def test_it_asks_for_both_languages_on_a_fresh_system_and_none_once_made(queued):
    _setup()
    assert queued == ["da", "en"]
    for language in ("da", "en"):
        _report(language, f"<html>{services.REPORT_MARK}></section></html>")
    _setup()
    assert queued == ["da", "en"]
