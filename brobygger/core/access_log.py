"""gunicorn's access log without the secrets some addresses carry in their path.

gunicorn logs every request line, whatever the answer, before Django can do anything about it.
Links handed out before issue 19 carried a one-time token in the path (they now redirect to a
page that asks for the code), and Django's password-reset link still does
(``/konto/nulstil/<uidb64>/<token>/``). ``RedactingLogger`` (``brobygger serve`` passes it as
``--logger-class``) writes ``[redacted]`` for every path segment after such an address's
prefix, apart from the few fixed words those views use (``set-password``, ``faerdig``,
``accepter``), wherever the address shows: the request line (``r``), the path (``U``), the query
(``q``: a ``next=`` address, ``/`` written ``%2F`` too), the referer (``f``) and the header and
environment atoms (``{...}i``, ``{...}e``).

Issue 21: no query string is logged either (search words, postcodes, a ``next=`` address): the
query is written ``[redacted]`` (``/tilbud/?[redacted]``), and e-mail addresses ``[email]``
(:func:`redact_line`, which Django's log lines go through as well, core/logs.py). With
``LOG_FORMAT=json`` each access is one JSON line (time, level, logger, message, request_id, and
method, path, status, bytes, duration_ms), and gunicorn's error log is JSON too.

Example: gunicorn brobygger.config.wsgi --logger-class brobygger.core.access_log.RedactingLogger
"""

from __future__ import annotations

import os
import time

from gunicorn.glogging import Logger

from brobygger.core.logs import JsonFormatter, json_line
from brobygger.core.redaction import REDACTED, SECRET_PATHS, redact, redact_line

__all__ = ["REDACTED", "SECRET_PATHS", "RedactingLogger", "json_logs", "redact", "redact_line"]
QUERY_ATOMS = frozenset({"q", "{query_string}e"})


def json_logs() -> bool:
    """``LOG_FORMAT=json`` (read where gunicorn runs: the environment, as systemd sets it)."""
    return os.environ.get("LOG_FORMAT", "").strip().lower() == "json"


class RedactingLogger(Logger):
    """gunicorn's logger whose access-log atoms never hold a token from an address's path, a
    query string or an e-mail address; JSON lines with ``LOG_FORMAT=json``."""

    def setup(self, cfg):
        super().setup(cfg)
        if json_logs():
            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                query = key in QUERY_ATOMS
                atoms[key] = (REDACTED if value else "") if query else redact_line(value)
        return atoms

    def access(self, resp, req, environ, request_time):
        if not json_logs():
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return None
        atoms = self.atoms(resp, req, environ, request_time)
        line = json_line(
            created=time.time(),
            level="INFO",
            logger="gunicorn.access",
            message=f"{atoms['r']} {atoms['s']}",
            request_id=atoms.get("{x-request-id}o"),
            method=atoms["m"],
            path=atoms["U"],
            status=int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            bytes=atoms["B"],
            duration_ms=atoms["M"],
            remote_addr=atoms["h"],
        )
        self.access_log.info("%s", line)
        return None
