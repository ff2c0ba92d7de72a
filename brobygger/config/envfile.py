"""One configuration for every entry point: ``BROBYGGER_ENV_FILE`` names a file of
``KEY=value`` lines, read before the settings are.

The format is the one systemd's ``EnvironmentFile=`` reads, so the service, cron and a shell
share one file: one assignment a line, blank lines and lines starting with ``#`` or ``;`` are
ignored, the value may be in double quotes (``\\"``, ``\\\\`` and ``\\$`` are escapes inside
them) or single quotes (taken literally); an unquoted value is stripped of surrounding blanks.
A variable set in the real environment wins over the file.

Example::

    # /etc/brobygger/env
    SECRET_KEY="...50 random characters..."
    DATABASE_URL=postgresql://brobygger@/brobygger
    BROKER_PHONE='87 13 00 00'

A file that is named but missing, unreadable or malformed is a configuration error
(:class:`EnvFileError`, an ``ImproperlyConfigured``) that names the file and the line.
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

VARIABLE = "BROBYGGER_ENV_FILE"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOUBLE_QUOTED_ESCAPES = re.compile(r'\\(["\\$`])')


class EnvFileError(ImproperlyConfigured):
    """The env file named by ``BROBYGGER_ENV_FILE`` cannot be used."""


def _value(raw: str, where: str) -> str:
    value = raw.strip()
    if value[:1] in ('"', "'"):
        quote = value[0]
        if len(value) < 2 or value[-1] != quote:
            raise EnvFileError(f"{where}: the value opens a {quote} quote but does not close it")
        inner = value[1:-1]
        return _DOUBLE_QUOTED_ESCAPES.sub(r"\1", inner) if quote == '"' else inner
    return value


def parse(text: str, source: str) -> dict[str, str]:
    """The assignments of an env file's ``text`` (``source`` names it in errors)."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        where = f"{VARIABLE}={source}, line {number}"
        key, sep, raw = stripped.partition("=")
        key = key.strip()
        if not sep or not _KEY.fullmatch(key):
            raise EnvFileError(
                f"{where}: not a KEY=value line (write e.g. DEBUG=0; comments start with #)"
            )
        values[key] = _value(raw, where)
    return values


def load(environ: MutableMapping[str, str] = os.environ) -> Path | None:
    """Add the assignments of the file named by ``BROBYGGER_ENV_FILE`` to ``environ`` where it
    has no value yet (the real environment wins). Returns the file read, or None when the
    variable is unset or empty."""
    name = environ.get(VARIABLE, "").strip()
    if not name:
        return None
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EnvFileError(
            f"{VARIABLE}={name}: no such file (create it, or unset {VARIABLE})"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise EnvFileError(
            f"{VARIABLE}={name}: cannot be read ({reason}); let the service's user read it"
        ) from None
    for key, value in parse(text, name).items():
        environ.setdefault(key, value)
    return path
