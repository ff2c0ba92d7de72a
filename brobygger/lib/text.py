"""Control characters in text that people or API clients write.

A title, a name or a subject is one line: no C0 control character (U+0000-U+001F, U+007F) and
no C1 (U+0080-U+009F). A description is multi-line: tab and newline are allowed (a browser sends
a textarea's line breaks as CR LF, which :func:`normalise_newlines` turns into LF first). A CR or
LF in a single-line value is how a header, an iCalendar line or a CSV row is broken, so it is
refused at the edge, not cleaned up later. No Django here: forms, API schemas and importers all
use these functions.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_C0_C1 = "\x00-\x1f\x7f-\x9f"
_SINGLE_LINE_BAD = re.compile(f"[{_C0_C1}]")
_MULTI_LINE_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab (09) and LF (0a) allowed


class ControlCharacterError(ValueError):
    """A value holds a control character; ``position`` is its index, ``character`` it."""

    def __init__(self, *, character: str, position: int, multiline: bool):
        self.character = character
        self.position = position
        self.multiline = multiline
        what = (
            "a line break" if character in "\r\n" else f"control character U+{ord(character):04X}"
        )
        super().__init__(f"{what} at position {position + 1} is not allowed here")


def normalise_newlines(value: str) -> str:
    """CR LF and lone CR become LF (what a browser's textarea sends, as one stores it)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def control_character(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first forbidden control character in ``value`` as ``(index, character)``, or None.

    >>> control_character("Strikkecafé"), control_character("a\\r\\nb")
    (None, (1, '\\r'))
    >>> control_character("a\\nb\\tc", multiline=True)
    """
    pattern = _MULTI_LINE_BAD if multiline else _SINGLE_LINE_BAD
    found = pattern.search(value)
    return None if found is None else (found.start(), found.group())


def check_text(value: str, *, multiline: bool = False) -> str:
    """``value`` (newlines normalised when multi-line), or :class:`ControlCharacterError`."""
    if multiline:
        value = normalise_newlines(value)
    found = control_character(value, multiline=multiline)
    if found is not None:
        raise ControlCharacterError(character=found[1], position=found[0], multiline=multiline)
    return value


def single_line(value: str) -> str:
    """Every run of control characters and whitespace becomes one space (for e-mail subjects,
    SMS first lines and file names built from text someone else wrote)."""
    return re.sub(rf"[\s{_C0_C1}]+", " ", value).strip()


def _single(value: str) -> str:
    return check_text(value, multiline=False)


def _multi(value: str) -> str:
    return check_text(value, multiline=True)


# pydantic (django-ninja) field types: ``name: SingleLine = Field(..., max_length=200)``
SingleLine = Annotated[str, AfterValidator(_single)]
MultiLine = Annotated[str, AfterValidator(_multi)]
