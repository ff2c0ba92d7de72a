"""Import HSDS 3.0 JSON into the directory, all or nothing.

Accepts any of: a fully nested service, organisation, service_at_location or location; a
taxonomy or taxonomy term; an HSDS ``Page`` (``contents``); the tabular form
(``{"services.csv": [...], ...}``); the API's ``base`` document; or a JSON list of these.
Each object is validated against the HSDS 3.0 schema first; an error names the JSON path at
fault, and nothing of the file is imported (one transaction). Links, e-mails, phone numbers and
Danish postcodes are checked as on the edit page (``validation``); a control character anywhere
is refused before anything is written (``reading.clean_text``: a line break only in prose).

Re-importing a service replaces its children: each list the file gives for a service (phones,
schedules, languages, cost options, contacts, service_at_locations, attributes) becomes that
service's whole list; a list the file leaves out is left alone (HSDS's service summaries carry
no children). Every imported service gets an "import" entry in its history.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import jsonschema
from django.db import transaction

from brobygger.directory import service_areas, services
from brobygger.directory.hsds import lossless, serialize
from brobygger.directory.hsds.reading import (
    MAX_DEPTH,
    HSDSImportError,
    check_values,
    clean_text,
    phone_number,
    read_json,
    too_deep,
)
from brobygger.directory.models import (
    Attribute,
    Contact,
    CostOption,
    HSDSRecord,
    Initiative,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_FILE = SCHEMA_DIR / "service_with_definitions.json"
TABULAR_SCHEMA_FILE = SCHEMA_DIR / "tabular.json"
PLACEHOLDER_ORGANIZATION = "Organisation ikke oplyst"
STATUS_FROM_HSDS = {
    "active": Initiative.Status.PUBLISHED,
    "inactive": Initiative.Status.INACTIVE,
    "temporarily closed": Initiative.Status.INACTIVE,
    "defunct": Initiative.Status.DEFUNCT,
}
OUR_TAXONOMIES = {Taxonomy.TARGET_GROUP, Taxonomy.INITIATIVE_TYPE, Taxonomy.SPECIAL_GROUP}
# How each kind of record exports its own properties (compared with the file at import).
OWN = {
    "organization": serialize.organization_own,
    "service": serialize.service_own,
    "location": serialize.location_own,
    "service_at_location": serialize.service_at_location_own,
    "phone": serialize.phone_own,
    "contact": serialize.contact_own,
    "schedule": serialize.schedule_own,
    "language": serialize.language_own,
    "cost_option": serialize.cost_option_own,
    "taxonomy": serialize.taxonomy_own,
    "taxonomy_term": serialize.taxonomy_term_own,
    "attribute": serialize.attribute_own,
}
KIND_OF_LIST = {"phones": "phone", "contacts": "contact", "schedules": "schedule"}
KIND_OF_LIST["languages"] = "language"
# Tables we do not model: their rows are kept as given (``HSDSRecord``), and nested in the
# first of their parents that is in the directory, so that the nested export has them too.
UNMODELLED_TABLES = {
    "programs.csv": (("organization_id", Organization, "programs"),),
    "funding.csv": (
        ("service_id", Initiative, "funding"),
        ("organization_id", Organization, "funding"),
    ),
    "service_areas.csv": (("service_id", Initiative, "service_areas"),),
    "required_documents.csv": (("service_id", Initiative, "required_documents"),),
    "accessibility.csv": (("location_id", Location, "accessibility"),),
    "organization_identifiers.csv": (
        ("organization_id", Organization, "organization_identifiers"),
    ),
    "metadata.csv": (),
    "meta_table_descriptions.csv": (),
}
TABULAR_CHILDREN = {
    "service_at_location.csv": "service_at_locations",
    "contacts.csv": "contacts",
    "phones.csv": "phones",
    "schedules.csv": "schedules",
    "languages.csv": "languages",
    "cost_options.csv": "cost_options",
}


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _validator(definition: str | None):
    schema = _schema()
    target = (
        schema
        if definition is None
        else {
            "$ref": f"#/definitions/{definition}",
            "definitions": schema["definitions"],
        }
    )
    return jsonschema.Draft7Validator(target, format_checker=jsonschema.FormatChecker())


@lru_cache(maxsize=1)
def _tabular_rows() -> dict[str, dict]:
    """The row schema of each table of the tabular form, by file name (``services.csv``)."""
    schema = json.loads(TABULAR_SCHEMA_FILE.read_text(encoding="utf-8"))
    return {table["items"]["path"]: table["items"] for table in schema["properties"].values()}


def _as_csv_row(row: dict, row_schema: dict) -> dict:
    """Tabular data comes from CSV, where every cell is text: a number in a text column (as in
    the official example's identifiers) is read as its text."""
    props = row_schema.get("properties", {})
    return {
        k: str(v) if props.get(k, {}).get("type") == "string" and isinstance(v, int | float) else v
        for k, v in row.items()
    }


def _validate_row(table: str, row: dict, path: str) -> dict:
    row_schema = _tabular_rows().get(table)
    if row_schema is None:
        return row
    validator = jsonschema.Draft7Validator(row_schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(
        validator.iter_errors(_as_csv_row(row, row_schema)), key=lambda e: list(e.absolute_path)
    )
    if errors:
        raise HSDSImportError(f"{_path(path, errors[0].absolute_path)}: {errors[0].message}")
    return row  # as the file gave it: kept without loss


def _path(base: str, parts) -> str:
    out = base
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def _validate(obj, definition: str | None, path: str) -> None:
    errors = sorted(_validator(definition).iter_errors(obj), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        raise HSDSImportError(f"{_path(path, e.absolute_path)}: {e.message}")


def _kind(obj: dict) -> str | None:
    if not isinstance(obj, dict):
        return None
    if "contents" in obj and "total_items" in obj:
        return "page"
    if any(k.endswith(".csv") for k in obj):
        return "tabular"
    if "openapi_url" in obj or ("version" in obj and "id" not in obj):
        return "base"
    if "service" in obj or ("location" in obj and "service_id" in obj):
        return "service_at_location"
    if "location_type" in obj:
        return "location"
    if "status" in obj:
        return "service"
    if "taxonomy_detail" in obj or "code" in obj or "parent_id" in obj or "taxonomy_id" in obj:
        return "taxonomy_term"
    if "services" in obj or "website" in obj or "year_incorporated" in obj:
        return "organization"
    if "uri" in obj or "version" in obj:
        return "taxonomy"
    if "id" in obj and "name" in obj and "description" in obj:
        return "organization"
    return None


# --- flat upserts ------------------------------------------------------------------------------


def _date(value):
    return dt.date.fromisoformat(value[:10]) if value else None


def _time(value):
    return dt.time.fromisoformat(value) if value else None


def _s(obj: dict, key: str) -> str:
    value = obj.get(key)
    return "" if value is None else str(value)


class _Importer:
    def __init__(self):
        self.report = ImportReport()
        self.touched: set = set()
        self.before: dict = {}  # initiative id -> its history snapshot before this import

    def _remember(self, initiative_id) -> None:
        """Keep how an initiative looked before the file first touched it (for its history)."""
        key = str(initiative_id)
        if key not in self.before:
            existing = Initiative.objects.filter(pk=key).first()
            self.before[key] = services.initiative_snapshot(existing) if existing else None
        self.touched.add(key)

    def _upsert(self, model, obj: dict, kind: str, defaults: dict, **links):
        """Create or update ``model`` with the HSDS id; links given as None are left alone."""
        defaults.update({k: v for k, v in links.items() if v is not None})
        instance, _ = model.objects.update_or_create(pk=obj["id"], defaults=defaults)
        self.report.add(kind)
        self._keep(instance, obj, KIND_OF_LIST[kind])
        return instance

    def _keep(self, instance, given: dict, kind: str, **more) -> None:
        """Keep beside ``instance`` what the file says that its fields do not hold
        (``lossless``), so that it exports again as given."""
        instance.refresh_from_db()
        kept = lossless.remember(
            given,
            OWN[kind](instance),
            children=serialize.CHILDREN.get(kind, ()),
            previous=instance.hsds_extra,
        )
        missing = lossless.absent(given, lossless.OPTIONAL_OBJECTS.get(kind, ()))
        if missing:
            kept["absent"] = missing
        kept.update(more)
        type(instance).objects.filter(pk=instance.pk).update(hsds_extra=kept)
        instance.hsds_extra = kept

    # organisations and services
    def organization(self, obj: dict, path: str) -> Organization:
        check_values(
            {"email": _s(obj, "email"), "website": _s(obj, "website")},
            path,
            f" (organization {obj['name']!r})",
        )
        org, _ = Organization.objects.update_or_create(
            pk=obj["id"],
            defaults={
                "name": obj["name"],
                "alternate_name": _s(obj, "alternate_name"),
                "description": _s(obj, "description"),
                "email": _s(obj, "email"),
                "website": _s(obj, "website"),
            },
        )
        self.report.add("organizations")
        self._keep(org, obj, "organization")
        for i, c in enumerate(obj.get("contacts") or []):
            self.contact(c, f"{path}.contacts[{i}]", organization=org)
        for i, p in enumerate(obj.get("phones") or []):
            self.phone(p, f"{path}.phones[{i}]", organization=org)
        for i, loc in enumerate(obj.get("locations") or []):
            self.location(loc, f"{path}.locations[{i}]", organization=org)
        for i, svc in enumerate(obj.get("services") or []):
            self.service(svc, f"{path}.services[{i}]", organization=org)
        return org

    def _organization_for(self, obj: dict, path: str, organization) -> Organization:
        if obj.get("organization"):
            return self.organization(obj["organization"], f"{path}.organization")
        if organization is not None:
            return organization
        if obj.get("organization_id"):
            org = Organization.objects.filter(pk=obj["organization_id"]).first()
            if org is None:
                raise HSDSImportError(
                    f"{path}.organization_id: no organisation {obj['organization_id']} in the "
                    "file or the directory"
                )
            return org
        existing = Initiative.objects.filter(pk=obj["id"]).select_related("organization").first()
        if existing:
            return existing.organization
        org, _ = Organization.objects.get_or_create(name=PLACEHOLDER_ORGANIZATION)
        return org

    def service(self, obj: dict, path: str, organization=None) -> Initiative:
        org = self._organization_for(obj, path, organization)
        status = STATUS_FROM_HSDS.get(obj["status"])
        if status is None:
            raise HSDSImportError(f"{path}.status: unknown status {obj['status']!r}")
        fields = {
            "name": obj["name"],
            "alternate_name": _s(obj, "alternate_name"),
            "description": _s(obj, "description"),
            "url": _s(obj, "url"),
            "email": _s(obj, "email"),
            "status": status,
            "application_process": _s(obj, "application_process"),
            "fees_description": _s(obj, "fees_description"),
            "eligibility_description": _s(obj, "eligibility_description"),
            "minimum_age": _age(obj.get("minimum_age"), f"{path}.minimum_age"),
            "maximum_age": _age(obj.get("maximum_age"), f"{path}.maximum_age"),
            "last_reviewed": _date(obj.get("assured_date")),
        }
        if "service_areas" in obj:
            # Ours (municipality, postcodes, anywhere) become the initiative's area; others
            # are kept as given (hsds_extra) and leave it empty.
            area, postcodes = service_areas.from_hsds(obj["service_areas"])
            fields |= {"service_area": area, "service_postcodes": postcodes}
        check_values(
            {"url": fields["url"], "email": fields["email"]}, path, f" (service {obj['name']!r})"
        )
        self._remember(obj["id"])
        try:
            initiative = services.initiative_import_save(
                pk=obj["id"],
                organization=org,
                fields=fields,
                last_modified=_datetime(obj.get("last_modified"), f"{path}.last_modified"),
            )
        except services.DirectoryError as exc:
            raise HSDSImportError(f"{path}.{exc} (service {obj['name']!r})") from None
        self.report.add("services")
        self._keep(initiative, obj, "service")
        if "attributes" in obj:
            services.initiative_terms_clear(initiative=initiative)
        children = (
            ("phones", self.phone),
            ("schedules", self.schedule),
            ("languages", self.language),
            ("cost_options", self.cost_option),
            ("contacts", self.contact),
            ("attributes", self.attribute),
        )
        for key, handler in children:
            kept = [
                handler(child, f"{path}.{key}[{i}]", initiative=initiative)
                for i, child in enumerate(obj.get(key) or [])
            ]
            if key in obj and key != "attributes":
                services.initiative_children_keep_only(
                    initiative=initiative, kind=key, ids=[c.pk for c in kept if c is not None]
                )
        places = [
            self.service_at_location(
                sal, f"{path}.service_at_locations[{i}]", initiative=initiative
            )
            for i, sal in enumerate(obj.get("service_at_locations") or [])
        ]
        if "service_at_locations" in obj:
            services.initiative_children_keep_only(
                initiative=initiative, kind="service_at_locations", ids=[c.pk for c in places]
            )
        return initiative

    # places
    def location(self, obj: dict, path: str, organization=None) -> Location:
        address = (obj.get("addresses") or [{}])[0]
        check_values({"url": _s(obj, "url")}, path)
        if address and (_s(address, "country")[:2].upper() or "DK") == "DK":
            check_values({"postal_code": _s(address, "postal_code")}, f"{path}.addresses[0]")
        defaults = {
            "location_type": obj.get("location_type") or Location.LocationType.PHYSICAL,
            "name": _s(obj, "name"),
            "description": _s(obj, "description"),
            "url": _s(obj, "url"),
            "latitude": obj.get("latitude"),
            "longitude": obj.get("longitude"),
        }
        if organization is not None:
            defaults["organization"] = organization
        if address:
            defaults.update(
                {
                    "address_type": address.get("address_type") or "physical",
                    "address_id": address["id"],
                    "address_1": _s(address, "address_1"),
                    "address_2": _s(address, "address_2"),
                    "postal_code": _s(address, "postal_code"),
                    "city": _s(address, "city"),
                    "state_province": _s(address, "state_province"),
                    "country": _s(address, "country")[:2].upper() or "DK",
                }
            )
        location, _ = Location.objects.update_or_create(pk=obj["id"], defaults=defaults)
        self.report.add("locations")
        more = {}
        if address:
            location.refresh_from_db()
            more["address"] = lossless.remember(address, serialize.address_own(location))
        if len(obj.get("addresses") or []) > 1:
            more["more_addresses"] = obj["addresses"][1:]
        self._keep(location, obj, "location", **more)
        return location

    def service_at_location(self, obj: dict, path: str, initiative=None) -> ServiceAtLocation:
        if initiative is None and obj.get("service"):
            initiative = self.service(obj["service"], f"{path}.service")
        if initiative is None and obj.get("service_id"):
            initiative = Initiative.objects.filter(pk=obj["service_id"]).first()
        if obj.get("location"):
            location = self.location(obj["location"], f"{path}.location")
        else:
            location = Location.objects.filter(pk=obj.get("location_id")).first()
        if initiative is None or location is None:
            raise HSDSImportError(f"{path}: a service_at_location needs its service and location")
        self._remember(initiative.pk)
        sal, _ = ServiceAtLocation.objects.update_or_create(
            pk=obj["id"],
            defaults={
                "initiative": initiative,
                "location": location,
                "description": _s(obj, "description"),
            },
        )
        for i, child in enumerate(obj.get("schedules") or []):
            self.schedule(child, f"{path}.schedules[{i}]", initiative=initiative)
        self.report.add("service_at_locations")
        self._keep(sal, obj, "service_at_location")
        return sal

    # details
    def phone(self, obj, path, initiative=None, organization=None, contact=None) -> Phone:
        defaults = {
            "number": phone_number(obj, path),
            "extension": obj.get("extension"),
            "type": _s(obj, "type"),
            "description": _s(obj, "description"),
        }
        return self._upsert(
            Phone,
            obj,
            "phones",
            defaults,
            initiative=initiative,
            organization=organization,
            contact=contact,
        )

    def contact(self, obj, path, initiative=None, organization=None) -> Contact:
        check_values({"email": _s(obj, "email")}, path)
        defaults = {
            "name": _s(obj, "name"),
            "title": _s(obj, "title"),
            "department": _s(obj, "department"),
            "email": _s(obj, "email"),
        }
        contact = self._upsert(
            Contact, obj, "contacts", defaults, initiative=initiative, organization=organization
        )
        for i, p in enumerate(obj.get("phones") or []):
            self.phone(p, f"{path}.phones[{i}]", contact=contact)
        return contact

    def schedule(self, obj, path, initiative=None) -> Schedule:
        try:
            defaults = {
                "freq": _s(obj, "freq"),
                "interval": obj.get("interval"),
                "byday": _s(obj, "byday"),
                "bymonthday": _s(obj, "bymonthday"),
                "wkst": _s(obj, "wkst"),
                "opens_at": _time(obj.get("opens_at")),
                "closes_at": _time(obj.get("closes_at")),
                "dtstart": _date(obj.get("dtstart")),
                "until": _date(obj.get("until")),
                "valid_from": _date(obj.get("valid_from")),
                "valid_to": _date(obj.get("valid_to")),
                "description": _s(obj, "description"),
                "notes": _s(obj, "notes"),
            }
        except ValueError as exc:
            raise HSDSImportError(f"{path}: {exc}") from None
        return self._upsert(Schedule, obj, "schedules", defaults, initiative=initiative)

    def language(self, obj, path, initiative=None) -> Language:
        defaults = {"name": _s(obj, "name"), "code": _s(obj, "code"), "note": _s(obj, "note")}
        return self._upsert(Language, obj, "languages", defaults, initiative=initiative)

    def cost_option(self, obj, path, initiative=None) -> CostOption:
        if initiative is None:
            raise HSDSImportError(f"{path}: a cost option needs its service")
        amount = obj.get("amount")
        cost, _ = CostOption.objects.update_or_create(
            pk=obj["id"],
            defaults={
                "initiative": initiative,
                "option": _s(obj, "option"),
                "amount": Decimal(str(amount)) if amount is not None else None,
                "currency": _s(obj, "currency")[:3],
                "amount_description": _s(obj, "amount_description"),
                "valid_from": _date(obj.get("valid_from")),
                "valid_to": _date(obj.get("valid_to")),
            },
        )
        self.report.add("cost_options")
        self._keep(cost, obj, "cost_option")
        return cost

    def attribute(self, obj, path, initiative=None) -> None:
        """Our own classification travels as attributes and sets the initiative's fields; an
        attribute on another taxonomy is kept as it is, its taxonomy as one of its own."""
        term_obj = obj.get("taxonomy_term") or {}
        term_id = obj.get("taxonomy_term_id") or term_obj.get("id")
        term = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=term_id).first()
        if term is None and term_obj.get("taxonomy") in OUR_TAXONOMIES:
            term = TaxonomyTerm.objects.filter(
                taxonomy__code=term_obj["taxonomy"], code=term_obj.get("code")
            ).first()
        if initiative is None:
            self.report.add("attributes_ignored")
            return
        if term is not None and term.taxonomy.code in OUR_TAXONOMIES:
            if term.taxonomy.code == Taxonomy.INITIATIVE_TYPE:
                Initiative.objects.filter(pk=initiative.pk).update(initiative_type=term)
            elif term.taxonomy.code == Taxonomy.TARGET_GROUP:
                initiative.target_groups.add(term)
            else:
                initiative.special_groups.add(term)
            self.report.add("attributes")
            return
        if term_obj:
            term = self.taxonomy_term(term_obj, f"{path}.taxonomy_term")
        if term is None:
            raise HSDSImportError(
                f"{path}.taxonomy_term_id: no taxonomy term {term_id} in the file or the directory"
            )
        attribute, _ = Attribute.objects.update_or_create(
            pk=obj["id"],
            defaults={
                "initiative": initiative,
                "taxonomy_term": term,
                "value": _s(obj, "value"),
                "label": _s(obj, "label")[:300],
            },
        )
        self._keep(attribute, obj, "attribute")
        self.report.add("attributes")

    def taxonomy(self, obj, path) -> Taxonomy:
        """A taxonomy of another directory, kept as a taxonomy of its own (ours stay ours)."""
        existing = Taxonomy.objects.filter(pk=obj["id"]).first()
        if existing is not None and existing.code in OUR_TAXONOMIES:
            self.report.add("taxonomies_seen")
            return existing
        taxonomy, _ = Taxonomy.objects.update_or_create(
            pk=obj["id"],
            defaults={
                "code": foreign_taxonomy_code(obj["id"]),
                "name": _s(obj, "name")[:200],
                "description": _s(obj, "description"),
                "uri": _s(obj, "uri")[:200],
                "version": _s(obj, "version")[:40],
            },
        )
        self._keep(taxonomy, obj, "taxonomy")
        self.report.add("taxonomies")
        return taxonomy

    def _taxonomy_of(self, obj, path) -> Taxonomy:
        if obj.get("taxonomy_detail"):
            return self.taxonomy(obj["taxonomy_detail"], f"{path}.taxonomy_detail")
        found = Taxonomy.objects.filter(pk=obj.get("taxonomy_id")).first()
        if found is not None:
            return found
        name = _s(obj, "taxonomy") or "taxonomy"
        pk = uuid.uuid5(lossless.FOREIGN_NAMESPACE, f"taxonomy:{name}")
        taxonomy, _ = Taxonomy.objects.get_or_create(
            pk=pk, defaults={"code": foreign_taxonomy_code(str(pk)), "name": name[:200]}
        )
        return taxonomy

    def taxonomy_term(self, obj, path) -> TaxonomyTerm:
        existing = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=obj["id"]).first()
        if existing is not None and existing.taxonomy.code in OUR_TAXONOMIES:
            self.report.add("taxonomy_terms_seen")
            return existing
        taxonomy = self._taxonomy_of(obj, path)
        code = (_s(obj, "code") or str(obj["id"]))[:60]
        clash = TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=code).exclude(pk=obj["id"])
        if clash.exists():
            code = str(obj["id"])[:60]
        name = _s(obj, "name")[:200]
        term, _ = TaxonomyTerm.objects.update_or_create(
            pk=obj["id"],
            defaults={
                "taxonomy": taxonomy,
                "code": code,
                "name_da": name,
                "name_en": name,
                "description": _s(obj, "description"),
            },
        )
        self._keep(term, obj, "taxonomy_term")
        self.report.add("taxonomy_terms")
        return term

    def unmodelled_row(self, table: str, row: dict, homes) -> None:
        """Keep a row of a table we do not model as given, and nest it in its parent."""
        HSDSRecord.objects.update_or_create(
            table=table, record_id=str(row["id"]), defaults={"row": row}
        )
        self.report.add(table.removesuffix(".csv"))
        for column, model, key in homes:
            parent = model.objects.filter(pk=_uuid_or_none(row.get(column))).first()
            if parent is None:
                continue
            kept = dict(parent.hsds_extra or {})
            extra = dict(kept.get("extra") or {})
            siblings = [r for r in extra.get(key) or [] if r.get("id") != row["id"]]
            extra[key] = [*siblings, row]
            kept["extra"] = extra
            model.objects.filter(pk=parent.pk).update(hsds_extra=kept)
            return

    # dispatch
    def document(self, obj, path: str) -> None:
        kind = _kind(obj)
        if kind is None:
            raise HSDSImportError(
                f"{path}: not an HSDS object (service, organization, location, …)"
            )
        if kind == "base":
            return
        if kind == "page":
            for i, item in enumerate(obj["contents"]):
                self.document(item, f"{path}.contents[{i}]")
            return
        if kind == "tabular":
            self.tabular(obj, path)
            return
        _validate(obj, None if kind == "service" else kind, path)
        getattr(self, kind)(obj, path)

    def tabular(self, tables: dict, path: str) -> None:
        """The tabular form: flat rows linked by *_id columns, taken in dependency order."""

        def rows(name):
            for i, row in enumerate(tables.get(name) or []):
                p = f"{path}['{name}'][{i}]"
                yield p, _validate_row(name, row, p)

        addresses = [row for _p, row in rows("addresses.csv")]
        for p, row in rows("organizations.csv"):
            self.organization(row, p)
        in_file = [str(self.service(row, p).pk) for p, row in rows("services.csv")]
        for p, row in rows("locations.csv"):
            own = [a for a in addresses if a.get("location_id") == row["id"]]
            org = Organization.objects.filter(pk=row.get("organization_id")).first()
            self.location({**row, "addresses": own}, p, organization=org)
        kept: dict[str, dict[str, list]] = {}

        def keep(kind, initiative_id, child):
            kept.setdefault(kind, {}).setdefault(str(initiative_id), []).append(child.pk)

        for p, row in rows("service_at_location.csv"):
            sal = self.service_at_location(row, p)
            keep("service_at_location.csv", sal.initiative_id, sal)
        for name, handler, links in (
            ("contacts.csv", self.contact, ("initiative", "organization")),
            ("phones.csv", self.phone, ("initiative", "organization", "contact")),
            ("schedules.csv", self.schedule, ("initiative",)),
            ("languages.csv", self.language, ("initiative",)),
            ("cost_options.csv", self.cost_option, ("initiative",)),
        ):
            for p, row in rows(name):
                found = {
                    "initiative": Initiative.objects.filter(pk=row.get("service_id")).first(),
                    "organization": Organization.objects.filter(
                        pk=row.get("organization_id")
                    ).first(),
                    "contact": Contact.objects.filter(pk=row.get("contact_id")).first(),
                }
                if found["initiative"] is not None:
                    self._remember(found["initiative"].pk)
                child = handler(row, p, **{k: found[k] for k in links if found[k] is not None})
                if found["initiative"] is not None:
                    keep(name, found["initiative"].pk, child)
        for p, row in rows("taxonomies.csv"):
            self.taxonomy(row, p)
        for p, row in rows("taxonomy_terms.csv"):
            self.taxonomy_term(row, p)
        for p, row in rows("attributes.csv"):
            initiative = Initiative.objects.filter(pk=_uuid_or_none(row.get("link_id"))).first()
            known = TaxonomyTerm.objects.filter(pk=_uuid_or_none(row.get("taxonomy_term_id")))
            if initiative is not None and known.exists():
                self._remember(initiative.pk)
                self.attribute(row, p, initiative=initiative)
            else:
                self.unmodelled_row("attributes.csv", row, ())
        for name, homes in UNMODELLED_TABLES.items():
            for _p, row in rows(name):
                self.unmodelled_row(name, row, homes)
        # A table the file gives is the whole list for each service of its services.csv.
        for name, kind in TABULAR_CHILDREN.items():
            if name not in tables:
                continue
            for initiative in Initiative.objects.filter(pk__in=in_file):
                services.initiative_children_keep_only(
                    initiative=initiative,
                    kind=kind,
                    ids=kept.get(name, {}).get(str(initiative.pk), []),
                )


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def foreign_taxonomy_code(taxonomy_id) -> str:
    """The code of another directory's taxonomy: ours are plain words, theirs carry their id."""
    return f"hsds-{taxonomy_id}"[:60]


def _datetime(value, path):
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise HSDSImportError(f"{path}: not a date and time: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def _age(value, path):
    if value is None:
        return None
    if not float(value).is_integer() or value < 0:
        raise HSDSImportError(f"{path}: an age must be a whole number of years, not {value}")
    return int(value)


def hsds_import(data) -> ImportReport:
    """Import parsed HSDS JSON; raises HSDSImportError (nothing imported) on the first fault."""
    if too_deep(data):
        raise HSDSImportError(f"nested more than {MAX_DEPTH} levels deep: not an HSDS document")
    data = clean_text(data)  # no control character anywhere; prose keeps its line breaks
    services.taxonomies_ensure()
    importer = _Importer()
    with transaction.atomic():
        items = data if isinstance(data, list) else [data]
        base = "$" if not isinstance(data, list) else None
        for i, item in enumerate(items):
            importer.document(item, base or f"$[{i}]")
        for initiative in Initiative.objects.filter(pk__in=importer.touched).select_related(
            "organization"
        ):
            services.initiative_import_done(
                initiative=initiative, before=importer.before.get(str(initiative.pk))
            )
    return importer.report


def hsds_import_file(path: Path) -> ImportReport:
    data = read_json(path)
    try:
        return hsds_import(data)
    except HSDSImportError as exc:
        raise HSDSImportError(f"{path}: {exc}") from None


def hsds_export(*, include_drafts: bool = False) -> list[dict]:
    """Every initiative (published, inactive, defunct) as a fully nested HSDS service."""
    qs = Initiative.objects.filter(is_example=False).order_by("name", "id")  # no demo example
    if not include_drafts:
        qs = qs.exclude(status=Initiative.Status.DRAFT)
    return [serialize.service(i) for i in serialize.services_prefetched(qs)]
