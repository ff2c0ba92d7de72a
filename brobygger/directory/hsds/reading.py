"""Reading an HSDS file safely, and the checks on what it holds that the schema leaves open.

A file that is not UTF-8, not JSON, or nested deeper than any HSDS document is refused with one
line naming the file; a link that is not http(s), or an e-mail, phone number or Danish
postcode that is not one, with the JSON path at fault.
"""

from __future__ import annotations

import json
from pathlib import Path

from brobygger.directory import validation

# Deeper JSON than any HSDS document needs (a page of organisations with services at
# locations with addresses is about 8 levels) is refused before it is looked at.
MAX_DEPTH = 32


class HSDSImportError(ValueError):
    """An HSDS file that cannot be imported; the message starts with the JSON path."""


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
