"""Models of the shared ground: the per-recipient text-message count."""

from __future__ import annotations

from django.db import models


class SmsQuota(models.Model):
    """How many text messages went to one number on one day (``core.sms``). The number is
    kept only as a keyed digest (HMAC with the secret key); rows of past days are deleted."""

    recipient_digest = models.CharField(max_length=64)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient_digest", "day"], name="sms_quota_once")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day}: {self.count}"
