"""A validator of an HSDS 3.0 API in the manner of Open Referral UK's, for our tests.

It reads only the official schemas in shared/reference (never our copy or our code):
- ``check_record``: required properties, types, formats and enumerations, by the JSON schema
  of the record's kind (nested records by their definitions);
- ``Uniques``: the properties the schema marks ``constraints.unique`` hold a value only one
  record has (the same record nested twice is the same record);
- ``check_page``: the paging fields of an HSDS ``Page``, all required, and consistent.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema

COMPILED = "hsds-3.0/schema/compiled"


@cache
def _compiled(reference: Path, name: str) -> dict:
    return json.loads((reference / COMPILED / name).read_text(encoding="utf-8"))


def schema_of(reference: Path, kind: str) -> dict:
    """The schema of a kind of record: ``service`` (fully nested), ``service_list``,
    ``organization_list``, ``service_at_location_list`` or a definition (``taxonomy``, …)."""
    if kind == "service":
        return _compiled(reference, "service_with_definitions.json")
    if kind.endswith("_list"):
        return _compiled(reference, f"{kind}.json")
    definitions = _compiled(reference, "service_with_definitions.json")["definitions"]
    return {"$ref": f"#/definitions/{kind}", "definitions": definitions}


def check_record(reference: Path, kind: str, record) -> list[str]:
    """Every schema violation of ``record`` as ``kind``, each naming its JSON path."""
    validator = jsonschema.Draft7Validator(
        schema_of(reference, kind), format_checker=jsonschema.FormatChecker()
    )
    return [
        f"{kind} {record.get('id')}: {'/'.join(map(str, e.absolute_path)) or '.'}: {e.message}"
        for e in validator.iter_errors(record)
    ]


class Uniques:
    """Collects the unique properties of every record met, by kind, across many answers."""

    def __init__(self, reference: Path):
        self.reference = reference
        self.seen: dict[tuple[str, str, str], dict] = {}
        self.problems: list[str] = []

    def add(self, kind: str, record) -> None:
        schema = schema_of(self.reference, kind)
        definitions = (
            schema.get("definitions")
            or _compiled(self.reference, "service_with_definitions.json")["definitions"]
        )
        self._walk(record, schema, definitions, kind)

    def _walk(self, node, schema: dict, definitions: dict, name: str) -> None:
        ref = schema.get("$ref", "")
        if ref.startswith("#/definitions/"):
            name = ref.rsplit("/", 1)[1]
            schema = definitions[name]
        if isinstance(node, list):
            for item in node:
                self._walk(item, schema.get("items", {}), definitions, name)
            return
        if not isinstance(node, dict):
            return
        properties = schema.get("properties", {})
        for key, spec in properties.items():
            if key not in node:
                continue
            if spec.get("constraints", {}).get("unique") and not isinstance(node[key], dict | list):
                where = (name, key, json.dumps(node[key]))
                other = self.seen.setdefault(where, node)
                if other.get("id") != node.get("id"):
                    self.problems.append(
                        f"{name}.{key} = {node[key]!r} is shared by {other.get('id')} and "
                        f"{node.get('id')}"
                    )
            if isinstance(node[key], dict | list):
                self._walk(node[key], spec, definitions, name)


PAGE_FIELDS = (
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
)


def check_page(reference: Path, body: dict, *, per_page: int) -> list[str]:
    """The Page envelope as the OpenAPI describes it, every field present and consistent."""
    openapi = json.loads((reference / "hsds-3.0/schema/openapi.json").read_text(encoding="utf-8"))
    page_schema = dict(openapi["components"]["schemas"]["Page"])
    page_schema["required"] = list(PAGE_FIELDS)
    problems = [
        f"page: {e.message}" for e in jsonschema.Draft7Validator(page_schema).iter_errors(body)
    ]
    if problems:
        return problems
    total, pages, number = body["total_items"], body["total_pages"], body["page_number"]
    expected_pages = max(1, -(-total // per_page))
    expected_size = max(0, min(per_page, total - (number - 1) * per_page))
    checks = {
        "total_pages": (pages, expected_pages),
        "size": (body["size"], expected_size),
        "len(contents)": (len(body["contents"]), expected_size),
        "first_page": (body["first_page"], number == 1),
        "last_page": (body["last_page"], number == expected_pages),
        "empty": (body["empty"], total == 0),
    }
    return [
        f"page.{k}: {got!r}, expected {want!r}" for k, (got, want) in checks.items() if got != want
    ]
