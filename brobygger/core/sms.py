"""Text messages through a pluggable backend, in the manner of Django's e-mail backends.

``SMS_BACKEND`` names a class with ``send_messages(messages) -> int``. Two ship with Brobygger:
``ConsoleBackend`` (the default: prints each message, so nothing leaves the machine until a
gateway is configured) and ``MemoryBackend`` (keeps messages in ``outbox`` for tests, like
``django.core.mail.outbox``). A gateway backend (for example the municipality's SMS provider) is
a class of the same shape in its own module.

Every message costs money and reaches a person, so two guards come before the backend:

- only numbers under ``SMS_ALLOWED_PREFIXES`` are texted (default ``+45:8``: +45 and exactly
  eight digits), so a form cannot make us text premium-rate or foreign numbers;
- at most ``SMS_PER_RECIPIENT_PER_DAY`` messages go to one number a day, counted by
  ``core.quota`` (under a keyed digest of the number, never the number, atomically, so
  concurrent senders cannot pass the limit; e-mail has its own count there).
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from brobygger.core import quota

_PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")
_PREFIX = re.compile(r"^\+(?P<prefix>[0-9]{1,4})(?::(?P<digits>[0-9]{1,2}))?$")
E164_MAX_DIGITS = 15
outbox: list[SmsMessage] = []
_outbox_lock = threading.Lock()


class SmsError(ValueError):
    """A message that cannot be sent as given (the field is named in the message)."""


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str
    sender: str = ""


def normalise_number(number: str) -> str:
    """Digits with an optional leading +; a Danish 8-digit number gets +45, and 00 becomes +
    (whether we may text it is :func:`textable`'s question)."""
    raw = (number or "").strip()
    if not _PHONE.match(raw):
        raise SmsError(f"to: {number!r} is not a phone number")
    digits = raw.replace(" ", "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif not digits.startswith("+") and len(digits) == 8:
        digits = "+45" + digits
    return digits


def parse_prefixes(entries: list[str]) -> list[tuple[str, int | None]]:
    """``["+45:8", "+46"]`` → ``[("+45", 8), ("+46", None)]`` (None: any length up to E.164's
    15 digits); a malformed entry raises ``ValueError`` naming it."""
    parsed = []
    for entry in entries:
        found = _PREFIX.match(entry.strip())
        if found is None:
            raise ValueError(f"{entry!r} is not +CC or +CC:DIGITS (e.g. +45:8)")
        digits = found.group("digits")
        parsed.append(("+" + found.group("prefix"), int(digits) if digits else None))
    return parsed


def textable_pattern(entries: list[str] | None = None) -> str:
    """A regular expression for the numbers :func:`textable` accepts, for the API's schema:
    ``+CC`` and the digits (single spaces between them where the length is fixed, as in
    "+45 20 30 40 50"), or a Danish number's 8 digits alone when ``+45`` is allowed. Every
    number it matches may be texted, so the schema promises nothing the server refuses. The
    empty string matches too (no phone given)."""
    allowed = parse_prefixes(settings.SMS_ALLOWED_PREFIXES if entries is None else entries)
    shapes = []
    for prefix, digits in allowed:
        code = prefix[1:]
        if digits is not None:
            shapes.append(rf"\+{code} ?[0-9](?: ?[0-9]){{{digits - 1}}}")
        else:
            low = max(1, 8 - len(code))
            shapes.append(rf"\+{code}[0-9]{{{low},{E164_MAX_DIGITS - len(code)}}}")
        if prefix == "+45" and digits in (None, 8):
            shapes.append("[0-9](?: ?[0-9]){7}")
    return "^(|" + "|".join(shapes) + ")$"


def textable(number: str) -> str:
    """The normalised number when we may text it, else ``SmsError`` naming the field ``to``."""
    normal = normalise_number(number)
    for prefix, digits in parse_prefixes(settings.SMS_ALLOWED_PREFIXES):
        if not normal.startswith(prefix):
            continue
        rest = len(normal) - len(prefix)
        if (rest == digits) if digits is not None else (len(normal) - 1 <= E164_MAX_DIGITS):
            return normal
    raise SmsError(f"to: {number!r} is not a number we send text messages to")


def recipient_digest(number: str) -> str:
    return quota.recipient_digest(quota.SMS, number)


def _take_quota(number: str) -> bool:
    """Count one message to ``number`` today; False when the day's limit is reached."""
    return quota.take(channel=quota.SMS, recipient=number, limit=settings.SMS_PER_RECIPIENT_PER_DAY)


class ConsoleBackend:
    """Prints each message to stdout (the embedded default)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            self.stream.write(f"SMS from {message.sender} to {message.to}:\n{message.body}\n---\n")
        self.stream.flush()
        return len(messages)


class MemoryBackend:
    """Keeps messages in ``brobygger.core.sms.outbox`` (tests empty it themselves)."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        with _outbox_lock:
            outbox.extend(messages)
        return len(messages)


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str) -> int:
    """Send one text message; returns 1 when the backend accepted it. ``SmsError`` for an
    empty body, a number we do not text, or one that had its messages for today."""
    if not body.strip():
        raise SmsError("body: the message is empty")
    number = textable(to)
    if not _take_quota(number):
        raise SmsError("to: this number has had today's text messages")
    message = SmsMessage(to=number, body=body, sender=settings.SMS_SENDER)
    return get_backend().send_messages([message])
