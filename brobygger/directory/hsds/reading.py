"""Reading an HSDS file safely, and the checks on what it holds that the schema leaves open.

A file that is not UTF-8, not JSON, or nested deeper than any HSDS document is refused with one
line naming the file; a link that is not http(s), or an e-mail, phone number or Danish
postcode that is not one, with the JSON path at fault; so is a control character anywhere in the
file (a key or a value), naming the path and the record (its ``id``). Prose fields may hold line
breaks and tabs (CR LF is stored as LF); every other text is one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from brobygger.directory import validation
from brobygger.lib.text import ControlCharacterError, check_text

# Deeper JSON than any HSDS document needs (a page of organisations with services at
# locations with addresses is about 8 levels) is refused before it is looked at.
MAX_DEPTH = 32


class HSDSImportError(ValueError):
    """An HSDS file that cannot be imported; the message starts with the JSON path."""


# The HSDS fields that are prose (stored in a TextField): line breaks and tabs are allowed there.
MULTI_LINE_FIELDS = frozenset(
    {
        "description",
        "first_visit",
        "application_process",
        "eligibility_description",
        "fees_description",
        "interpretation_services",
        "accreditations",
        "licenses",
        "alert",
        "notes",
        "note",
        "amount_description",
        "transportation",
    }
)
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _step(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if _PLAIN_KEY.match(key) else f"{path}[{key!r}]"


def clean_text(data, path: str = "$"):
    """``data`` with the line breaks of its prose fields normalised, or HSDSImportError naming
    the JSON path and the record (the nearest ``id``) of the first control character, e.g.
    ``$[1].name: control character U+001B at position 8 is not allowed here (record '…')``.
    """

    def fail(where: str, error: ControlCharacterError, record) -> NoReturn:
        owner = f" (record {record!r})" if record is not None else ""
        raise HSDSImportError(f"{where}: {error}{owner}")

    def walk(node, where: str, key, record):
        if isinstance(node, str):
            try:
                return check_text(node, multiline=key in MULTI_LINE_FIELDS)
            except ControlCharacterError as error:
                fail(where, error, record)
        if isinstance(node, list):
            return [walk(item, _step(where, i), key, record) for i, item in enumerate(node)]
        if isinstance(node, dict):
            own = node.get("id")
            record = own if isinstance(own, str | int) and not isinstance(own, bool) else record
            out = {}
            for k, value in node.items():
                if isinstance(k, str):
                    try:
                        check_text(k)
                    except ControlCharacterError as error:
                        fail(_step(where, k), error, record)
                out[k] = walk(value, _step(where, k), k, record)
            return out
        return node

    return walk(data, path, None, None)


def check_values(values: dict, path: str, owner: str = "") -> None:
    """Refuse a non-web link, an e-mail, phone or postcode that is not one, naming it."""
    for name, message in validation.problems(values).items():
        raise HSDSImportError(f"{path}.{name}: {message}{owner}")


def phone_number(obj: dict, path: str) -> str:
    """The number, without the quotes the official examples put around theirs."""
    number = str(obj.get("number") or "").strip()
    if len(number) >= 2 and number[0] == number[-1] == '"':
        number = number[1:-1].strip()
    check_values({"phone": number}, path)
    return number


def too_deep(data, limit: int = MAX_DEPTH) -> bool:
    """Whether ``data`` nests lists and objects more than ``limit`` levels (no recursion)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children: Iterable
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def read_json(path: Path):
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise HSDSImportError(f"{path}: no such file") from None
    except OSError as exc:
        raise HSDSImportError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HSDSImportError(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise HSDSImportError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise HSDSImportError(
            f"{path}: nested more than {MAX_DEPTH} levels deep: not an HSDS document"
        ) from None
