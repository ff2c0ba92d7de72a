"""What no log line may hold: the secret segments of a path, a query string, an e-mail address.

gunicorn's access log (core/access_log.py), Django's log lines (core/logs.py) and the error
mails to ADMINS (core/admin_mail.py) all go through :func:`redact_line`. See core/access_log.py
for the paths whose segments are tokens.
"""

from __future__ import annotations

import re

REDACTED = "[redacted]"

# address prefix (its segments) -> the segments after it that are fixed words, not secrets
SECRET_PATHS: dict[tuple[str, ...], frozenset[str]] = {
    ("faellesskab", "tilbagekald"): frozenset(),
    ("konto", "invitation"): frozenset({"accepter"}),
    ("konto", "velkommen"): frozenset({"set-password"}),
    ("konto", "nulstil"): frozenset({"faerdig", "set-password"}),
    ("aktiviteter", "konto", "bekraeft"): frozenset(),
}
_SEP = r"(?:/|%2[Ff])"
_PREFIX = "|".join(
    _SEP + _SEP.join(re.escape(part) for part in parts) + _SEP for parts in SECRET_PATHS
)
# a prefix, then the rest of the path: up to a query, a fragment, a parameter's end or a space
_SECRET = re.compile(rf"(?P<prefix>{_PREFIX})(?P<rest>[^?#&\s\"]*)", re.IGNORECASE)
_SEGMENTS = re.compile(rf"({_SEP})")


def _prefix_parts(prefix: str) -> tuple[str, ...]:
    return tuple(part.lower() for part in _SEGMENTS.split(prefix)[::2] if part)


def _redact_match(match: re.Match) -> str:
    keep = SECRET_PATHS.get(_prefix_parts(match["prefix"]), frozenset())
    pieces = _SEGMENTS.split(match["rest"])
    for index in range(0, len(pieces), 2):  # even: segments; odd: separators
        if pieces[index] and pieces[index].lower() not in keep:
            pieces[index] = REDACTED
    return match["prefix"] + "".join(pieces)


def redact(text: str) -> str:
    """``text`` with the secret segments of any of ``SECRET_PATHS`` replaced by ``REDACTED``."""
    return _SECRET.sub(_redact_match, text)


# a path (or a whole address) followed by its query: the query goes, the path stays
_QUERY = re.compile(
    r"(?P<path>(?:[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#\"']*)?/[^\s?#\"']*)\?[^\s#\"']+"
)
_EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


def redact_line(text: str) -> str:
    """``text`` with tokens in paths, query strings and e-mail addresses replaced."""
    text = _QUERY.sub(rf"\g<path>?{REDACTED}", redact(text))
    return _EMAIL.sub("[email]", text)
