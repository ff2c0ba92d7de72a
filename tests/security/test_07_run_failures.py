"""Finding 7: any failure of an analysis marks the run failed with a message for the analyst and
deletes the upload; creating a run is all-or-nothing; uploads have size and row limits; a
non-UTF-8 codebook is one clear error; `prepare` accepts only the report languages."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from brobygger.insights import services
from brobygger.insights.models import AnalysisRun

CASE = "r-survey/loneliness-case"


def _post(client, data: bytes, codebook: bytes):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            "/indsigt/analyser/",
            {
                "data_file": SimpleUploadedFile("data.csv", data, content_type="text/csv"),
                "codebook_file": SimpleUploadedFile("codebook.yaml", codebook),
                "language": "da",
            },
        )


@pytest.fixture
def analyst(client, people):
    client.force_login(people["analyst"])
    return client


@pytest.fixture
def files(reference):
    return (
        (reference / CASE / "data.csv").read_bytes(),
        (reference / CASE / "codebook.yaml").read_bytes(),
    )


def _leftovers(run) -> list:
    partial = services.results_dir(run).with_name(f"{run.pk}.partial")
    return [p for p in (services.uploads_dir(run), partial) if p.exists()]


def test_it_fails_the_run_and_deletes_the_upload_on_an_unexpected_error(
    analyst, files, monkeypatch
):
    def crash(*args, **kwargs):
        raise MemoryError("out of memory while fitting")

    monkeypatch.setattr(services, "analyse", crash)
    _post(analyst, *files)
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.FAILED and run.finished_at is not None
    assert _leftovers(run) == []
    page = analyst.get(f"/indsigt/analyser/{run.pk}/").content.decode()
    assert str(run.failure_message) in page
    assert "out of memory" not in page  # internals go to the log, not to the page


def test_it_names_a_non_utf8_codebook_on_the_upload_page(analyst, files):
    """The codebook is checked as it is uploaded (issue 12): refused on the form, nothing kept."""
    data, codebook = files
    latin1 = codebook.decode("utf-8").encode("latin-1", errors="replace")
    response = _post(analyst, data, latin1)
    assert response.status_code == 400
    page = response.content.decode()
    assert "codebook.yaml" in page and "UTF-8" in page
    assert not AnalysisRun.objects.exists()
    assert not list((services.insights_dir() / "uploads").glob("*"))


def test_it_names_a_non_utf8_codebook_in_one_line_on_the_command_line(files, tmp_path):
    data, codebook = files
    (tmp_path / "data.csv").write_bytes(data)
    (tmp_path / "kodebog.yaml").write_bytes(
        codebook.decode("utf-8").encode("latin-1", errors="replace")
    )
    result = subprocess.run(
        [sys.executable, "-m", "brobygger.cli", "survey", "analyse", str(tmp_path / "data.csv"),
         "--codebook", str(tmp_path / "kodebog.yaml"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "kodebog.yaml" in lines[0] and "UTF-8" in lines[0], lines


def test_it_creates_no_run_when_its_files_cannot_be_written(db, files, monkeypatch):
    data, codebook = files

    class Broken(SimpleUploadedFile):
        def chunks(self, chunk_size=None):
            yield b"id,"
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError), TestCase.captureOnCommitCallbacks(execute=True):
        services.run_create(
            user=None,
            data_file=SimpleUploadedFile("data.csv", data),
            codebook_file=Broken("codebook.yaml", codebook),
        )
    assert not AnalysisRun.objects.exists()
    uploads = services.insights_dir() / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_it_refuses_a_survey_file_over_the_size_limit_before_storing_it(analyst, files, settings):
    settings.INSIGHTS_MAX_UPLOAD_MB = 1
    data, codebook = files
    big = data + data.split(b"\n", 1)[1] * (1 + 1024 * 1024 // len(data))
    assert len(big) > 1024 * 1024
    response = _post(analyst, big, codebook)
    assert response.status_code == 400
    assert "data.csv" in response.content.decode()
    assert not AnalysisRun.objects.exists()
    assert not (services.insights_dir() / "uploads").exists()


def test_it_refuses_a_codebook_over_its_size_limit(analyst, files, settings):
    settings.INSIGHTS_MAX_CODEBOOK_KB = 1
    data, codebook = files
    assert len(codebook) > 1024
    response = _post(analyst, data, codebook)
    assert response.status_code == 400
    assert "codebook.yaml" in response.content.decode()
    assert not AnalysisRun.objects.exists()


def test_it_stops_reading_a_survey_over_the_row_limit(analyst, files, settings):
    settings.INSIGHTS_MAX_ROWS = 1000
    _post(analyst, *files)
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.FAILED
    assert run.error.startswith("data.csv:") and "1000" in run.error
    assert _leftovers(run) == []


@pytest.mark.parametrize("language", ["xx", "../../escape", ""])
def test_prepare_refuses_a_language_it_has_no_report_in(client, people, language):
    client.force_login(people["analyst"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/indsigt/analyser/forbered/", {"language": language})
    assert response.status_code == 400
    assert not (services.insights_dir() / "escape").exists()
    assert not (services.insights_dir() / "demo").exists()


def test_it_fails_the_run_when_it_cannot_be_queued(db, files, monkeypatch):
    from brobygger.insights import tasks

    class QueueDown:
        def enqueue(self, *args):
            raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "analyse_upload", QueueDown())
    data, codebook = files
    with pytest.raises(ConnectionError), TestCase.captureOnCommitCallbacks(execute=True):
        services.run_create(
            user=None,
            data_file=SimpleUploadedFile("data.csv", data),
            codebook_file=SimpleUploadedFile("codebook.yaml", codebook),
        )
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.FAILED
    assert run.failure == AnalysisRun.Failure.ERROR
    assert _leftovers(run) == []
