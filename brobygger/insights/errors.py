"""The survey engine's messages in the reader's language.

The engine (``brobygger.survey``, no Django) raises :class:`SurveyError` with one English line
that names the file, the row, the column and the codebook key at fault. It exposes no structured
error data, so the known shapes of that line are recognised here and said again through Django's
translations, keeping the names (file, row, column, key, code) exactly as the engine gave them.
A line of an unknown shape is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

_FILE = r"(?P<file>[^:\n]+?)"
_KEY = r"(?P<where>[A-Za-z_][\w]*(?:\.[\w]+|\[\d+\])*)"


def _row_problem(problem: str) -> str:
    """The part of a row error after the column: what is wrong with the value."""
    patterns: list[tuple[str, Callable[[dict], str]]] = [
        (
            r"unknown code (?P<code>\S+) \(the codebook's (?P<where>.+) lists (?P<listed>.*)\)",
            lambda m: _("unknown code %(code)s; the codebook's %(where)s lists %(listed)s") % m,
        ),
        (r"(?P<value>'.*') is not a number \(.*\)", lambda m: _("%(value)s is not a number") % m),
        (r"missing .+", lambda m: _("the value is missing")),
        (
            r"weight (?P<value>\S+) is not positive",
            lambda m: _("the weight %(value)s is not positive") % m,
        ),
        (r"age (?P<value>\S+) is impossible", lambda m: _("the age %(value)s is impossible") % m),
        (
            r"fpc must be positive",
            lambda m: _("the finite population correction must be positive"),
        ),
    ]
    for pattern, say in patterns:
        match = re.fullmatch(pattern, problem)
        if match:
            return say(match.groupdict())
    return problem


def _unknown_key(m: dict) -> str:
    text = _("%(file)s: the codebook key %(where)s is unknown.") % m
    if m.get("hint"):
        text += " " + _("Did you mean %(hint)s?") % m
    return text


def _yaml(m: dict) -> str:
    if m.get("line"):
        return _("%(file)s: the codebook is not valid YAML (line %(line)s).") % m
    return _("%(file)s: the codebook is not valid YAML.") % m


_MESSAGES: list[tuple[str, Callable[[dict], str]]] = [
    (
        _FILE + r": column '(?P<column>[^']*)' \((?P<key>[^)]*)\): (?P<problem>.+) "
        r"in row (?P<row>\d+)",
        lambda m: (
            _("%(file)s, row %(row)s, column “%(column)s” (%(key)s): %(problem)s")
            % {**m, "problem": _row_problem(m["problem"])}
        ),
    ),
    (
        _FILE + r": column '(?P<column>[^']*)' not found \(named by (?P<key>.+)\)",
        lambda m: (
            _("%(file)s: there is no column “%(column)s” (the codebook names it at %(key)s).") % m
        ),
    ),
    (_FILE + r": the file is empty", lambda m: _("%(file)s: the file is empty.") % m),
    (
        _FILE + r": no respondents in the file",
        lambda m: _("%(file)s: the file has no respondents.") % m,
    ),
    (
        _FILE + r": more than (?P<n>\d+) rows, the most that may be analysed",
        lambda m: _("%(file)s: more than %(n)s rows, the most that may be analysed.") % m,
    ),
    (
        _FILE + r": cannot be read as (?P<kind>\w+) \((?P<reason>.*)\)",
        lambda m: _("%(file)s: the file cannot be read as %(kind)s (%(reason)s).") % m,
    ),
    (
        _FILE + r": unknown file type (?P<suffix>\S+) \(use (?P<types>.+)\)",
        lambda m: _("%(file)s: unknown file type %(suffix)s (use %(types)s).") % m,
    ),
    (_FILE + r": not valid YAML(?: \(line (?P<line>\d+)\))?", _yaml),
    (
        _FILE + r": not UTF-8 text \(line (?P<line>\d+)\); save the codebook as UTF-8",
        lambda m: (
            _("%(file)s: the codebook is not UTF-8 text (line %(line)s); save it as UTF-8.") % m
        ),
    ),
    (
        _FILE + r": a codebook is a YAML mapping of keys .*",
        lambda m: _("%(file)s: a codebook is a YAML mapping of keys (survey, design, …).") % m,
    ),
    (_FILE + r": " + _KEY + r": unknown key(?: \(did you mean (?P<hint>.+)\?\))?", _unknown_key),
    (
        _FILE + r": " + _KEY + r": required key is missing",
        lambda m: _("%(file)s: the required codebook key %(where)s is missing.") % m,
    ),
    (
        _FILE + r": design: (?P<detail>.+)",
        lambda m: _("%(file)s: the sampling design cannot be used: %(detail)s") % m,
    ),
    (
        _FILE + r": " + _KEY + r": (?P<detail>.+)",
        lambda m: _("%(file)s: the codebook key %(where)s is not valid: %(detail)s") % m,
    ),
]


def explain(message: str) -> str:
    """The engine's one-line message in the active language (as it is, if not recognised)."""
    message = message.strip()
    for pattern, say in _MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return say(match.groupdict())
    return message
