"""Models of the shared ground: the per-recipient message count, the daily runs, the worker's
heartbeat and the SMS gateway's message ids."""

from __future__ import annotations

from django.db import models


class RecipientQuota(models.Model):
    """How many messages of one channel (text message, e-mail) went to one recipient on one
    day (``core.quota``). The recipient is kept only as a keyed digest (HMAC with the secret
    key); rows of past days are deleted."""

    class Channel(models.TextChoices):
        SMS = "sms", "SMS"
        EMAIL = "email", "E-mail"

    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.SMS)
    recipient_digest = models.CharField(max_length=64)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "recipient_digest", "day"], name="recipient_quota_once"
            )
        ]
        indexes = [models.Index(fields=["day"], name="core_recipient_quota_day")]

    def __str__(self) -> str:
        return f"{self.channel} {self.day}: {self.count}"


class DailyRun(models.Model):
    """One day's run of the daily steps (``core.daily_schedule``): created when a worker claims
    the day (unique, so of two workers only one can), finished when the steps have run. Only
    step names, no personal data."""

    day = models.DateField(unique=True)  # the day in TIME_ZONE (Copenhagen)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    failed_steps = models.JSONField(default=list, blank=True)
    owner = models.CharField(max_length=80, blank=True)  # host:pid of the worker that ran it

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"daily run {self.day}"


class WorkerHeartbeat(models.Model):
    """A background worker's sign of life, updated every ``HEARTBEAT_SECONDS`` (``/healthz``)."""

    owner = models.CharField(max_length=80, unique=True)  # host:pid
    seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.owner} at {self.seen}"


class SmsDelivery(models.Model):
    """A text message an SMS gateway accepted: our reference and the gateway's message id, to
    match the gateway's delivery reports and bills. No number, no text."""

    reference = models.CharField(max_length=64, unique=True)
    gateway_id = models.CharField(max_length=200, blank=True)
    sent = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.reference} -> {self.gateway_id}"
