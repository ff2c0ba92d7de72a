"""Writes: uploading a survey, running its analysis (in a background task), the demo.

Nothing half-made is kept: results are written to a temporary folder and moved into place only
when the whole analysis succeeded; the uploaded files are deleted when the analysis ends,
whatever its outcome (the raw survey is personal data and not needed afterwards).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from brobygger.insights.models import AnalysisRun
from brobygger.survey.analyse import STEPS, analyse
from brobygger.survey.errors import SurveyError

ALLOWED_DATA = (".csv", ".parquet", ".sas7bdat", ".xpt", ".sav", ".zsav", ".dta")


def insights_dir() -> Path:
    return Path(settings.INSIGHTS_DIR)


def uploads_dir(run: AnalysisRun) -> Path:
    return insights_dir() / "uploads" / str(run.pk)


def results_dir(run: AnalysisRun) -> Path:
    return insights_dir() / "runs" / str(run.pk)


def demo_dir(language: str) -> Path:
    return insights_dir() / "demo" / language


def _safe_name(name: str) -> str:
    stem = Path(name).name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:120] or "survey"


class UploadError(ValueError):
    """An upload that cannot be analysed; the message is for the analyst."""


def run_create(*, user, data_file, codebook_file, language: str = "da") -> AnalysisRun:
    """Store the two uploads and queue the analysis."""
    from brobygger.insights.tasks import analyse_upload

    data_name, codebook_name = _safe_name(data_file.name), _safe_name(codebook_file.name)
    if Path(data_name).suffix.lower() not in ALLOWED_DATA:
        raise UploadError(f"{data_name}: use one of {', '.join(ALLOWED_DATA)}")
    run = AnalysisRun.objects.create(
        created_by=user, data_name=data_name, codebook_name=codebook_name, language=language
    )
    folder = uploads_dir(run)
    folder.mkdir(parents=True, exist_ok=True)
    for upload, name in ((data_file, data_name), (codebook_file, codebook_name)):
        with open(folder / name, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    transaction.on_commit(lambda: analyse_upload.enqueue(str(run.pk)))
    return run


def run_execute(*, run_id: str) -> AnalysisRun:
    """The background work: analyse, then publish the results atomically or record the error."""
    run = AnalysisRun.objects.get(pk=run_id)
    folder = uploads_dir(run)
    partial = results_dir(run).with_name(f"{run.pk}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    AnalysisRun.objects.filter(pk=run.pk).update(status=AnalysisRun.Status.RUNNING, progress=1)
    done = [0]

    def progress(step: str) -> None:
        done[0] += 1
        AnalysisRun.objects.filter(pk=run.pk).update(
            progress=min(99, int(100 * done[0] / STEPS)), step=step[:100]
        )

    try:
        analyse(
            folder / run.data_name,
            folder / run.codebook_name,
            partial,
            language=run.language,
            progress=progress,
        )
        partial.rename(results_dir(run))
        run.status, run.progress, run.error = AnalysisRun.Status.DONE, 100, ""
    except SurveyError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        run.status, run.error = AnalysisRun.Status.FAILED, str(exc).replace(f"{folder}/", "")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "progress", "error", "finished_at"])
    return run


def demo_ensure(language: str) -> Path:
    """The shipped synthetic analysis for the public page, made once (deterministic)."""
    target = demo_dir(language)
    if (target / "report.html").exists():
        return target
    from brobygger.survey.demo import run_demo

    partial = target.with_name(f"{language}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    run_demo(partial, language=language)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target
