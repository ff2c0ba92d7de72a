"""Writes: uploading a survey, running its analysis (in a background task), the demo.

Nothing half-made is kept. A run is created all-or-nothing: its files are written into a
temporary folder first and the row is saved only when they are complete. Results are written to
a temporary folder and moved into place only when the whole analysis succeeded. The uploaded
files are deleted when the analysis ends, whatever its outcome (the raw survey is personal data
and not needed afterwards); a run abandoned by a dead worker is cleaned up by
:mod:`brobygger.insights.recovery` when the next worker starts.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.insights.codebook_template import unfilled_line
from brobygger.insights.errors import explain, stored
from brobygger.insights.models import AnalysisRun
from brobygger.survey.analyse import STEPS, analyse
from brobygger.survey.codebook import load_codebook
from brobygger.survey.errors import SurveyError

logger = logging.getLogger(__name__)

ALLOWED_DATA = (".csv", ".parquet", ".sas7bdat", ".xpt", ".sav", ".zsav", ".dta")
LANGUAGES = ("da", "en")  # the languages a report is written in


def insights_dir() -> Path:
    return Path(settings.INSIGHTS_DIR)


def uploads_dir(run: AnalysisRun) -> Path:
    return insights_dir() / "uploads" / str(run.pk)


def results_dir(run: AnalysisRun) -> Path:
    return insights_dir() / "runs" / str(run.pk)


def partial_dir(run: AnalysisRun) -> Path:
    """Where the results are written until the whole analysis has succeeded."""
    return results_dir(run).with_name(f"{run.pk}.partial")


def demo_dir(language: str) -> Path:
    if language not in LANGUAGES:
        raise ValueError(f"no report language {language!r}")
    return insights_dir() / "demo" / language


def current_owner() -> str:
    """This process, as recorded on the work it runs: ``host:pid``."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _safe_name(name: str) -> str:
    stem = Path(name).name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:120] or "survey"


class UploadError(ValueError):
    """An upload that cannot be analysed; the message is for the analyst, ``field`` says which
    of the form's files it is about."""

    def __init__(self, message: str, *, field: str = "data_file"):
        super().__init__(message)
        self.field = field


def _check_size(upload, name: str, limit: int, unit: str, field: str) -> None:
    factor = 1024 * 1024 if unit == "MB" else 1024
    if upload.size is not None and upload.size > limit * factor:
        raise UploadError(
            _("%(name)s: the file is larger than the limit of %(limit)s %(unit)s.")
            % {"name": name, "limit": limit, "unit": unit},
            field=field,
        )


def _check_codebook(path: Path) -> None:
    """Refuse a codebook that cannot be used before anything is queued: an unfilled template
    line, or any error of the codebook parser, said in the analyst's language."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    line = unfilled_line(text)
    if line is not None:
        raise UploadError(
            _("%(name)s, line %(line)s: replace FILL_IN_… with a column name of your survey file.")
            % {"name": path.name, "line": line},
            field="codebook_file",
        )
    try:
        load_codebook(path)
    except SurveyError as exc:
        error = exc.with_paths_relative_to(str(path.parent))
        raise UploadError(explain(error), field="codebook_file") from None


def run_create(*, user, data_file, codebook_file, language: str = "da") -> AnalysisRun:
    """Store the two uploads and queue the analysis: all or nothing.

    The sizes are checked before anything is stored. The files are written into a temporary
    folder, then the row is saved and the folder moved into place in one transaction; on any
    error neither the row nor the files remain.
    """
    from brobygger.insights.tasks import analyse_upload

    data_name, codebook_name = _safe_name(data_file.name), _safe_name(codebook_file.name)
    if Path(data_name).suffix.lower() not in ALLOWED_DATA:
        raise UploadError(
            _("%(name)s: use one of %(types)s")
            % {"name": data_name, "types": ", ".join(ALLOWED_DATA)}
        )
    if language not in LANGUAGES:
        raise UploadError(_("Choose Danish or English for the report."), field="language")
    _check_size(data_file, data_name, settings.INSIGHTS_MAX_UPLOAD_MB, "MB", "data_file")
    _check_size(
        codebook_file, codebook_name, settings.INSIGHTS_MAX_CODEBOOK_KB, "KB", "codebook_file"
    )
    if data_name == codebook_name:
        codebook_name = f"codebook-{codebook_name}"
    run = AnalysisRun(
        id=uuid.uuid4(),
        created_by=user,
        data_name=data_name,
        codebook_name=codebook_name,
        language=language,
    )
    staging = uploads_dir(run).with_name(f"{run.pk}.partial")
    try:
        staging.mkdir(parents=True)
        for upload, name in ((data_file, data_name), (codebook_file, codebook_name)):
            with open(staging / name, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
        _check_codebook(staging / codebook_name)
        with transaction.atomic():
            run.save(force_insert=True)
            staging.rename(uploads_dir(run))
            transaction.on_commit(lambda: _enqueue(run, analyse_upload))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(uploads_dir(run), ignore_errors=True)
        raise
    return run


def _enqueue(run: AnalysisRun, task) -> None:
    """Queue the analysis; if even that fails, the run is failed (and its upload deleted)."""
    try:
        task.enqueue(str(run.pk))
    except Exception:
        logger.exception("could not queue analysis %s", run.pk)
        run_fail(run=run, failure=AnalysisRun.Failure.ERROR)
        raise


def run_fail(*, run: AnalysisRun, failure: str, error: str = "") -> bool:
    """Mark an unfinished run failed and delete its upload and half-written results.

    Returns whether the run was still unfinished (a finished run is left as it is).
    """
    changed = AnalysisRun.objects.filter(
        pk=run.pk, status__in=(AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING)
    ).update(
        status=AnalysisRun.Status.FAILED,
        failure=failure,
        error=error,
        finished_at=timezone.now(),
    )
    shutil.rmtree(uploads_dir(run), ignore_errors=True)
    shutil.rmtree(partial_dir(run), ignore_errors=True)
    return bool(changed)


def run_execute(*, run_id: str) -> AnalysisRun:
    """The background work: analyse, then publish the results atomically or record the error.

    Any failure marks the run failed: the engine's one-line message for bad input, a general
    message (and the traceback in the log) for anything else. The upload is deleted either way.
    """
    run = AnalysisRun.objects.get(pk=run_id)
    claimed = AnalysisRun.objects.filter(pk=run.pk, status=AnalysisRun.Status.QUEUED).update(
        status=AnalysisRun.Status.RUNNING,
        progress=1,
        owner=current_owner(),
        heartbeat=timezone.now(),
    )
    if not claimed:  # already failed by recovery, or run before: nothing to do
        return run
    folder, partial = uploads_dir(run), partial_dir(run)
    shutil.rmtree(partial, ignore_errors=True)
    done = [0]

    def progress(step: str) -> None:
        done[0] += 1
        AnalysisRun.objects.filter(pk=run.pk).update(
            progress=min(99, int(100 * done[0] / STEPS)), step=step[:100], heartbeat=timezone.now()
        )

    try:
        analyse(
            folder / run.data_name,
            folder / run.codebook_name,
            partial,
            language=run.language,
            progress=progress,
            max_rows=settings.INSIGHTS_MAX_ROWS,
        )
        partial.rename(results_dir(run))
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=AnalysisRun.Status.DONE, progress=100, error="", finished_at=timezone.now()
        )
    except SurveyError as exc:
        error = stored(exc.with_paths_relative_to(str(folder)))
        run_fail(run=run, failure=AnalysisRun.Failure.INPUT, error=error)
    except BaseException:  # anything else, even a worker told to stop: never left "running"
        logger.exception("analysis %s failed", run.pk)
        run_fail(run=run, failure=AnalysisRun.Failure.ERROR)
        shutil.rmtree(results_dir(run), ignore_errors=True)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(partial, ignore_errors=True)
    run.refresh_from_db()
    return run


# A mark of the current report layout (sections with anchors); a synthetic analysis made by an
# older version lacks it and is made again, so the insight pages can find their parts.
REPORT_MARK = '<section id="methods"'


def demo_ready(language: str) -> bool:
    """Whether the public synthetic analysis exists in the current report layout."""
    report = demo_dir(language) / "report.html"
    return report.exists() and REPORT_MARK in report.read_text(encoding="utf-8")


def demo_ensure(language: str) -> Path:
    """The shipped synthetic analysis for the public page, made once (deterministic)."""
    target = demo_dir(language)
    if demo_ready(language):
        return target
    from brobygger.survey.demo import run_demo

    partial = target.with_name(f"{language}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        run_demo(partial, language=language)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target
