"""Small validating readers of the environment.

Every setting that comes from the environment goes through one of these, so a bad value fails
loudly at start-up with the variable's name instead of misbehaving later.
"""

from __future__ import annotations

import os
from email.utils import getaddresses
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_clock(name: str, default: str) -> str:
    """A time of day written ``HH:MM`` (24-hour clock), returned as ``HH:MM`` with two digits."""
    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw.strip()
    hours, sep, minutes = value.partition(":")
    if not (
        sep and hours.isdigit() and minutes.isdigit() and len(hours) <= 2 and len(minutes) == 2
        and int(hours) < 24 and int(minutes) < 60
    ):  # fmt: skip
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a time of day: write HH:MM on the 24-hour clock, e.g. 06:15"
        )
    return f"{int(hours):02d}:{minutes}"


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of ``choices`` (case-insensitive)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    by_lower = {choice.lower(): choice for choice in choices}
    if raw.strip().lower() not in by_lower:
        raise ImproperlyConfigured(f"{name}={raw!r}: use one of {', '.join(choices)}")
    return by_lower[raw.strip().lower()]


def env_admins(name: str) -> list[tuple[str, str]]:
    """Django's ``ADMINS`` from ``"Name <mail>, other@example.dk"``: (name, address) pairs; a
    plain address is its own name."""
    raw = os.environ.get(name, "")
    admins = []
    for display, address in getaddresses([raw]):
        if not display and not address:
            continue
        local, at, domain = address.partition("@")
        if not (local and at and "." in domain) or " " in address:
            raise ImproperlyConfigured(
                f"{name}: {display or address!r} is not an e-mail address (write "
                '"Name <mail@example.dk>, other@example.dk")'
            )
        admins.append((display or address, address))
    return admins


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# SQLite for concurrent web use (the embedded default serves several gunicorn workers and the
# background worker at once): a transaction takes the write lock when it begins (IMMEDIATE), so
# one that reads and then writes never fails with "database is locked" halfway; writers wait up
# to ``timeout`` seconds (busy timeout) for each other; WAL lets readers go on while one writes;
# synchronous=NORMAL is durable in WAL mode except for the last commits before a power cut.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def _sqlite(path: str) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": dict(SQLITE_OPTIONS)}


def database_from_url(url: str | None, *, sqlite_path: str) -> dict:
    """Turn ``DATABASE_URL`` into a Django ``DATABASES['default']`` entry.

    Unset means the embedded default: SQLite at ``sqlite_path`` (with ``SQLITE_OPTIONS``).
    Supported schemes:
    ``postgres://``/``postgresql://`` (psycopg 3) and ``sqlite:///path``.
    """
    if not url:
        return _sqlite(sqlite_path)
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql"):
        name = parsed.path.lstrip("/")
        if not name:
            raise ImproperlyConfigured("DATABASE_URL names no database (postgresql://host/NAME)")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
        if not path:
            raise ImproperlyConfigured("DATABASE_URL=sqlite:///PATH needs a path")
        return _sqlite(path)
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parsed.scheme!r} is not supported (use postgresql:// or sqlite:///)"
    )
