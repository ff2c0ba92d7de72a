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

Example: gunicorn brobygger.config.wsgi --logger-class brobygger.core.access_log.RedactingLogger
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

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


class RedactingLogger(Logger):
    """gunicorn's logger whose access-log atoms never hold a token from an address's path."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
