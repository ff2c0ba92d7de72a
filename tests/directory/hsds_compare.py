"""Comparing two HSDS JSON trees value for value, naming the JSON path of each difference.

Lists of HSDS records (objects with an ``id``) are compared by id: HSDS gives their order no
meaning. Any other list is compared in order. Numbers compare as numbers (100 == 100.0).
"""

from __future__ import annotations


def differences(expected, actual, path: str = "$") -> list[str]:
    """Every difference between ``expected`` and ``actual``, each as ``path: what``."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in expected:
            if key not in actual:
                out.append(f"{path}.{key}: missing (expected {_short(expected[key])})")
            else:
                out += differences(expected[key], actual[key], f"{path}.{key}")
        out += [
            f"{path}.{key}: unexpected {_short(actual[key])}"
            for key in actual
            if key not in expected
        ]
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if _records(expected) and _records(actual):
            mine = {item["id"]: item for item in actual}
            theirs = {item["id"]: item for item in expected}
            out = []
            for rid, item in theirs.items():
                where = f"{path}[id={rid}]"
                if rid not in mine:
                    out.append(f"{where}: missing")
                else:
                    out += differences(item, mine[rid], where)
            out += [f"{path}[id={rid}]: unexpected" for rid in mine if rid not in theirs]
            if len(expected) != len(actual):
                out.append(f"{path}: {len(actual)} items, expected {len(expected)}")
            return out
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} items, expected {len(expected)}"]
        out = []
        for i, (a, b) in enumerate(zip(expected, actual, strict=True)):
            out += differences(a, b, f"{path}[{i}]")
        return out
    if type(expected) is bool or type(actual) is bool:
        same = type(expected) is type(actual) and expected == actual
    elif isinstance(expected, int | float) and isinstance(actual, int | float):
        same = expected == actual
    else:
        same = type(expected) is type(actual) and expected == actual
    return [] if same else [f"{path}: {_short(actual)}, expected {_short(expected)}"]


def count_values(tree) -> int:
    """How many leaf values a JSON tree holds."""
    if isinstance(tree, dict):
        return sum(count_values(v) for v in tree.values())
    if isinstance(tree, list):
        return sum(count_values(v) for v in tree)
    return 1


def _records(items: list) -> bool:
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    return len(ids) == len(items) and None not in ids and len(set(ids)) == len(ids)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
