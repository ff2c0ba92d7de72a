"""Text messages through a pluggable backend, in the manner of Django's e-mail backends.

``SMS_BACKEND`` names a class with ``send_messages(messages) -> int``. Two ship with Brobygger:
``ConsoleBackend`` (the default: prints each message, so nothing leaves the machine until a
gateway is configured) and ``MemoryBackend`` (keeps messages in ``outbox`` for tests, like
``django.core.mail.outbox``). A gateway backend (for example the municipality's SMS provider) is
a class of the same shape; ``HttpGateway`` is one for the many gateways that take a JSON POST
with a bearer token (``SMS_GATEWAY_URL``, ``SMS_GATEWAY_TOKEN``), and a subclass can change the
request's body and how the answer's message id is read.

Every message costs money and reaches a person, so two guards come before the backend:

- only numbers under ``SMS_ALLOWED_PREFIXES`` are texted (default ``+45:8``: +45 and exactly
  eight digits), so a form cannot make us text premium-rate or foreign numbers;
- at most ``SMS_PER_RECIPIENT_PER_DAY`` messages go to one number a day, counted by
  ``core.quota`` (under a keyed digest of the number, never the number, atomically, so
  concurrent senders cannot pass the limit; e-mail has its own count there).
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from brobygger.core import quota
from brobygger.core.models import SmsDelivery

logger = logging.getLogger(__name__)

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


class SmsGatewayError(SmsError):
    """The gateway did not take a message (its status, or why it could not be reached); the
    text says so without the number or the message."""


class HttpGateway:
    """POSTs each message as JSON ``{"to": "+4512345678", "message": "...", "reference": "..."}``
    to ``SMS_GATEWAY_URL`` with ``Authorization: Bearer SMS_GATEWAY_TOKEN``.

    Each try waits at most ``SMS_GATEWAY_TIMEOUT`` seconds. A 5xx answer, a timeout or a
    connection error is tried again, ``SMS_GATEWAY_RETRIES`` times, after ``backoff`` seconds
    (1, 4, then 10 between later tries); a 4xx answer is not (the same request would be refused
    again) and raises :class:`SmsGatewayError` at once. The gateway's message id (``id`` or
    ``message_id`` in its JSON answer) is stored with our reference (``core.models.SmsDelivery``,
    no number, no text) and logged with it. ``reference`` is ours: a random id per message, the
    same on every try, so a gateway that deduplicates on it never sends a retried message twice.

    Another gateway of this shape: subclass and override :meth:`payload` (the JSON body) or
    :meth:`message_id` (reading the answer).
    """

    backoff: Sequence[float] = (1.0, 4.0, 10.0)

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: Sequence[float] | None = None,
    ):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        self.retries = retries if retries is not None else settings.SMS_GATEWAY_RETRIES
        if backoff is not None:
            self.backoff = tuple(backoff)
        if not self.url:
            raise SmsGatewayError("SMS_GATEWAY_URL: set it to the gateway's address")
        self.message_ids: list[str] = []  # the gateway's ids of this backend's sent messages

    def payload(self, message: SmsMessage, reference: str) -> dict:
        body = {"to": message.to, "message": message.body, "reference": reference}
        if message.sender:
            body["from"] = message.sender
        return body

    def message_id(self, answer: dict) -> str:
        for key in ("id", "message_id", "messageId"):
            if answer.get(key) not in (None, ""):
                return str(answer[key])
        return ""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            reference = uuid.uuid4().hex
            gateway_id = self._send(message, reference)
            SmsDelivery.objects.create(reference=reference, gateway_id=gateway_id[:200],
                                       sent=timezone.now())  # fmt: skip
            self.message_ids.append(gateway_id)
            logger.info("sms: the gateway took message %s as %r", reference, gateway_id)
        return len(messages)

    def _send(self, message: SmsMessage, reference: str) -> str:
        data = json.dumps(self.payload(message, reference)).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        attempt = 0
        while True:
            request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return self.message_id(_json(response.read()))
            except urllib.error.HTTPError as error:
                error.close()
                if error.code < 500:
                    raise SmsGatewayError(
                        f"the SMS gateway refused message {reference} (HTTP {error.code}); "
                        "check SMS_GATEWAY_TOKEN and the gateway's documentation"
                    ) from None
                why = f"HTTP {error.code}"
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                reason = getattr(error, "reason", error)
                why = "timed out" if isinstance(reason, TimeoutError) else type(reason).__name__
            if attempt >= self.retries:
                raise SmsGatewayError(
                    f"the SMS gateway did not take message {reference} after "
                    f"{attempt + 1} tries (last: {why})"
                )
            delay = self.backoff[min(attempt, len(self.backoff) - 1)]
            logger.warning("sms: the gateway failed message %s (%s); trying again in %s s",
                           reference, why, delay)  # fmt: skip
            attempt += 1
            time.sleep(delay)


def _json(raw: bytes) -> dict:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


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
