"""Models of the shared ground: the per-recipient message count."""

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
