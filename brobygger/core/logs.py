"""Log lines without personal data or secrets, as plain text or as JSON lines
(``LOG_FORMAT=json``: one object a line on stdout, for journald and log shippers).

Every line goes through :func:`brobygger.core.redaction.redact_line`: tokens in paths, query
strings (search words, postcodes, ``next=`` addresses) and e-mail addresses are replaced before
the line is written, the exception text included. A JSON line carries ``time`` (UTC, ISO 8601),
``level``, ``logger``, ``message``, ``request_id`` (core/request_id.py) and, when there is one,
``exception``. gunicorn's access log uses the same redaction and the same JSON shape
(core/access_log.py).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from brobygger.core.redaction import redact_line
from brobygger.core.request_id import current_request_id

FORMATS = ("text", "json")


def request_id_of(record: logging.LogRecord) -> str | None:
    """The request id of the request a record is about (Django's request log passes it)."""
    request = getattr(record, "request", None)
    return getattr(request, "request_id", None) or current_request_id()


def json_line(*, created: float, level: str, logger: str, message: str, **extra: Any) -> str:
    """One JSON object on one line (the shape of every JSON log line of ours)."""
    time = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
    line = {"time": time.replace("+00:00", "Z"), "level": level, "logger": logger}
    line["message"] = message
    line.update(extra)
    return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The message (and its traceback), redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_line(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line, redacted."""

    def format(self, record: logging.LogRecord) -> str:
        extra: dict[str, Any] = {"request_id": request_id_of(record)}
        if record.exc_info:
            extra["exception"] = redact_line(self.formatException(record.exc_info))
        elif record.exc_text:
            extra["exception"] = redact_line(record.exc_text)
        return json_line(
            created=record.created,
            level=record.levelname,
            logger=record.name,
            message=redact_line(record.getMessage()),
            **extra,
        )


def logging_config(*, log_format: str, level: str) -> dict:
    """Django's ``LOGGING``: every logger through one redacting handler (JSON on stdout with
    ``json``, text on stderr with ``text``), and error mails to ``ADMINS`` when DEBUG is off."""
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    stream = "ext://sys.stdout" if log_format == "json" else "ext://sys.stderr"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "formatters": {"brobygger": {"()": f"{formatter.__module__}.{formatter.__name__}"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "brobygger",
                "stream": stream,
            },
            "mail_admins": {
                "level": "ERROR",
                "filters": ["require_debug_false"],
                "class": "brobygger.core.admin_mail.AdminMailHandler",
            },
        },  # fmt: skip
        "root": {"handlers": ["console"], "level": level},
        # Django's own records reach the console through the root; errors also go by mail
        "loggers": {
            "django": {"handlers": ["mail_admins"], "level": "INFO"},
            # pysaml2's schema library tells at INFO each time it reads an XML schema
            "xmlschema": {"level": "WARNING"},
        },
    }
