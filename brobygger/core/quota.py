"""A daily limit of messages per recipient, for every channel that reaches a person.

Each message costs a person's attention (and a text message money), and a form that anyone may
fill in can name anyone's number or address. So at most a setting's number of messages go to one
recipient a day on each channel (``SMS_PER_RECIPIENT_PER_DAY``, ``EMAIL_PER_RECIPIENT_PER_DAY``).

The count is kept in ``core.RecipientQuota`` under a keyed digest of the recipient (HMAC with the
secret key, so the table holds no number or address), one row per channel, recipient and day.
The row is counted up in one conditional UPDATE, so concurrent senders cannot pass the
limit. Yesterday's rows are deleted as today's are made.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from brobygger.core.models import RecipientQuota

SMS = RecipientQuota.Channel.SMS
EMAIL = RecipientQuota.Channel.EMAIL


def normalise(channel: str, recipient: str) -> str:
    """One spelling per recipient: an e-mail address in lower case (``Ann@X.dk`` is
    ``ann@x.dk``), a phone number as given (``core.sms`` normalises it to +CC… first)."""
    recipient = (recipient or "").strip()
    return recipient.lower() if channel == EMAIL else recipient


def recipient_digest(channel: str, recipient: str) -> str:
    key = settings.SECRET_KEY.encode()
    message = f"{channel}-recipient:{normalise(channel, recipient)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def take(*, channel: str, recipient: str, limit: int) -> bool:
    """Count one message to ``recipient`` on ``channel`` today; False (and nothing counted)
    when ``limit`` messages went to it today already."""
    today = timezone.localdate()
    digest = recipient_digest(channel, recipient)
    with transaction.atomic():
        RecipientQuota.objects.filter(day__lt=today).delete()
        # get_or_create finds the row a concurrent first message made (the unique constraint)
        RecipientQuota.objects.get_or_create(channel=channel, recipient_digest=digest, day=today)
        taken = RecipientQuota.objects.filter(
            channel=channel, recipient_digest=digest, day=today, count__lt=limit
        ).update(count=F("count") + 1)
    return bool(taken)
