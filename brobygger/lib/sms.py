"""Text messages through a pluggable backend, in the manner of Django's e-mail backends.

``SMS_BACKEND`` names a class with ``send_messages(messages) -> int``. Two ship with Brobygger:
``ConsoleBackend`` (the default: prints each message, so nothing leaves the machine until a
gateway is configured) and ``MemoryBackend`` (keeps messages in ``outbox`` for tests, like
``django.core.mail.outbox``). A gateway backend (for example the municipality's SMS provider) is
a class of the same shape in its own module.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

_PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")
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
    """Digits with an optional leading +; a Danish 8-digit number gets +45."""
    raw = (number or "").strip()
    if not _PHONE.match(raw):
        raise SmsError(f"to: {number!r} is not a phone number")
    digits = raw.replace(" ", "")
    if not digits.startswith("+") and len(digits) == 8:
        digits = "+45" + digits
    return digits


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
    """Keeps messages in ``brobygger.lib.sms.outbox`` (tests empty it themselves)."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        with _outbox_lock:
            outbox.extend(messages)
        return len(messages)


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str) -> int:
    """Send one text message; returns 1 when the backend accepted it."""
    if not body.strip():
        raise SmsError("body: the message is empty")
    message = SmsMessage(to=normalise_number(to), body=body, sender=settings.SMS_SENDER)
    return get_backend().send_messages([message])
