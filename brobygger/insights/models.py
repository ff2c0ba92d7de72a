"""Analyses of uploaded survey files, run in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnalysisRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        """Why a run failed; the page shows the message, in the reader's language."""

        INPUT = "input", _("The survey file or the codebook could not be used. The reason:")
        ERROR = (
            "error",
            _(
                "The analysis stopped because of an unexpected error. The uploaded files have been "
                "deleted. Please try again; if it happens again, contact the administrator."
            ),
        )
        ABANDONED = (
            "abandoned",
            _(
                "The analysis stopped because the background worker stopped. The uploaded files "
                "have been deleted. Please upload them again."
            ),
        )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    data_name = models.CharField(max_length=255)
    codebook_name = models.CharField(max_length=255)
    language = models.CharField(max_length=2, default="da")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=100, blank=True)
    failure = models.CharField(max_length=10, choices=Failure.choices, blank=True)
    error = models.TextField(blank=True)  # the engine's one line naming the file, row or key
    # The process running the analysis ("host:pid") and when it last reported progress, so a
    # worker starting up can tell work abandoned by a dead worker from work still in progress.
    owner = models.CharField(max_length=100, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.data_name} ({self.get_status_display()})"

    @property
    def failure_message(self) -> str:
        return self.get_failure_display() if self.failure else ""
