"""Importing and exporting HSDS 3.0 JSON."""

import json
import uuid

import pytest
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.directory.hsds.importer import HSDSImportError, hsds_export, hsds_import
from brobygger.directory.models import (
    Initiative,
    Language,
    Location,
    Organization,
    Phone,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

EXAMPLES = "hsds-3.0/examples"
# Fields of an HSDS service that Brobygger models (and so must keep unchanged on a round trip).
SERVICE_FIELDS = (
    "id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
)
NESTED = {
    "phones": ("id", "number", "extension", "type", "description"),
    "schedules": (
        "id",
        "freq",
        "interval",
        "byday",
        "bymonthday",
        "wkst",
        "opens_at",
        "closes_at",
        "dtstart",
        "until",
        "valid_from",
        "valid_to",
        "description",
        "notes",
    ),
    "languages": ("id", "name", "code", "note"),
    "cost_options": (
        "id",
        "option",
        "amount",
        "currency",
        "amount_description",
        "valid_from",
        "valid_to",
    ),
    "contacts": ("id", "name", "title", "department", "email"),
}


def _example(reference, name):
    return json.loads((reference / EXAMPLES / name).read_text(encoding="utf-8"))


EXAMPLE_KINDS = {
    "base.json": "base",
    "location.json": "location",
    "organization_full.json": "organization",
    "organization_list.json": "organization",
    "service_at_location_full.json": "service_at_location",
    "service_at_location_list.json": "service_at_location",
    "service_full.json": "service",
    "service_list.json": "service",
    "tabular.json": "tabular",
    "taxonomy.json": "taxonomy",
    "taxonomy_list.json": "taxonomy",
    "taxonomy_term.json": "taxonomy_term",
    "taxonomy_term_list.json": "taxonomy_term",
}


def _stored(model, obj) -> None:
    """The object of the file is in the database under its HSDS id, with its name."""
    row = model.objects.filter(pk=obj["id"]).first()
    assert row is not None, f"{model.__name__} {obj['id']} was not imported"
    if obj.get("name") and hasattr(row, "name"):
        assert row.name == obj["name"]


def _assert_imported(kind, item, report) -> None:
    if kind == "service":
        _stored(Initiative, item)
        if item.get("organization"):
            _stored(Organization, item["organization"])
        for phone in item.get("phones") or []:
            _stored(Phone, phone)
        for language in item.get("languages") or []:
            _stored(Language, language)
    elif kind == "organization":
        _stored(Organization, item)
        for service in item.get("services") or []:
            _stored(Initiative, service)
            assert Initiative.objects.get(pk=service["id"]).organization_id == uuid.UUID(item["id"])
    elif kind == "location":
        _stored(Location, item)
    elif kind == "service_at_location":
        _stored(Initiative, item["service"])
        _stored(Location, item["location"])
        sal = ServiceAtLocation.objects.get(pk=item["id"])
        assert str(sal.initiative_id) == item["service"]["id"]
        assert str(sal.location_id) == item["location"]["id"]


@pytest.mark.parametrize("name", sorted(EXAMPLE_KINDS))
def test_it_imports_every_official_example(db, reference, name):
    data = _example(reference, name)
    report = hsds_import(data)
    kind = EXAMPLE_KINDS[name]
    items = data.get("contents", [data])
    assert items, name
    if kind == "tabular":
        for model, table in (
            (Organization, "organizations.csv"),
            (Initiative, "services.csv"),
            (Location, "locations.csv"),
            (Phone, "phones.csv"),
        ):
            assert data[table], table
            for row in data[table]:
                _stored(model, row)
    elif kind in ("taxonomy", "taxonomy_term"):
        # Another directory's taxonomy is kept as a taxonomy of its own, beside ours.
        model = {"taxonomy": Taxonomy, "taxonomy_term": TaxonomyTerm}[kind]
        assert report.counts[{"taxonomy": "taxonomies", "taxonomy_term": "taxonomy_terms"}[kind]]
        for item in items:
            assert model.objects.filter(pk=item["id"]).exists()
        assert not Initiative.objects.exists()
    elif kind == "base":
        assert report.counts == {}
        assert not Initiative.objects.exists()
    else:
        for item in items:
            _assert_imported(kind, item, report)
        assert report.counts.get(f"{kind}s", 0) >= len(items)


def _pick(obj, fields):
    return {f: obj.get(f) for f in fields if f in obj}


def test_it_exports_the_official_service_with_every_modelled_field_unchanged(db, reference):
    original = _example(reference, "service_full.json")
    hsds_import(original)
    exported = next(s for s in hsds_export() if s["id"] == original["id"])
    assert _pick(exported, SERVICE_FIELDS) == _pick(original, SERVICE_FIELDS)
    assert _pick(
        exported["organization"],
        ("id", "name", "alternate_name", "description", "email", "website"),
    ) == _pick(
        original["organization"],
        ("id", "name", "alternate_name", "description", "email", "website"),
    )
    # The official example quotes its phone numbers ('"+44 1234 234567"'): we store the number
    # without them, and export the file's spelling again while the number is unchanged.
    assert Phone.objects.get(pk=original["phones"][0]["id"]).number == "+44 1234 234567"
    for key, fields in NESTED.items():
        assert [_pick(x, fields) for x in exported.get(key, [])] == [
            _pick(x, fields) for x in original.get(key, [])
        ], key
    original_loc = original["service_at_locations"][0]["location"]
    exported_loc = exported["service_at_locations"][0]["location"]
    loc_fields = ("id", "location_type", "url", "name", "description", "latitude", "longitude")
    assert _pick(exported_loc, loc_fields) == _pick(original_loc, loc_fields)
    addr_fields = ("id", "address_1", "city", "postal_code", "state_province", "country")
    assert _pick(exported_loc["addresses"][0], addr_fields) == _pick(
        original_loc["addresses"][0], addr_fields
    )


def test_it_round_trips_our_own_classification(seeded):
    exported = hsds_export()
    Initiative.objects.all().delete()
    hsds_import(exported)
    mens = Initiative.objects.get(name="Mænds Mødesteder")
    assert mens.initiative_type.code == "meeting_place"
    assert [t.code for t in mens.target_groups.all()] == ["adults_30_64"]
    assert [t.code for t in mens.special_groups.all()] == ["men"]
    assert Initiative.objects.count() == 40


def test_it_rejects_an_invalid_file_naming_the_path_and_imports_nothing(db, reference):
    good = _example(reference, "service_full.json")
    bad = json.loads(json.dumps(good))
    bad["id"] = "11111111-2222-4333-8444-555555555555"
    bad["phones"][0]["number"] = 12345  # must be a string
    with pytest.raises(HSDSImportError) as err:
        hsds_import([good, bad])
    assert "$[1].phones[0].number" in str(err.value)
    assert not Initiative.objects.exists()
    assert not Organization.objects.exists()


def test_it_names_a_bad_uuid(db, reference):
    bad = _example(reference, "service_full.json")
    bad["service_at_locations"][0]["location"]["id"] = "not-a-uuid"
    with pytest.raises(HSDSImportError, match=r"\$\.service_at_locations\[0\]\.location\.id"):
        hsds_import(bad)


def test_the_cli_exports_and_imports(seeded, tmp_path):
    out = tmp_path / "directory.json"
    runner = CliRunner()
    result = runner.invoke(app, ["directory", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 40
    result = runner.invoke(app, ["directory", "import", str(out)])
    assert result.exit_code == 0 and "40 services" in result.output


def test_the_cli_exports_and_imports_the_tabular_form(seeded, tmp_path):
    out = tmp_path / "tabular.json"
    runner = CliRunner()
    result = runner.invoke(app, ["directory", "export", "--tabular", str(out)])
    assert result.exit_code == 0, result.output
    tables = json.loads(out.read_text(encoding="utf-8"))
    assert len(tables["services.csv"]) == 40
    assert len(tables["taxonomy_terms.csv"]) == 17
    before = {str(i.pk): i.updated_at for i in Initiative.objects.all()}
    Initiative.objects.all().delete()
    result = runner.invoke(app, ["directory", "import", str(out)])
    assert result.exit_code == 0 and "40 services" in result.output, result.output
    assert {str(i.pk): i.updated_at for i in Initiative.objects.all()} == before
    mens = Initiative.objects.get(name="Mænds Mødesteder")
    assert mens.initiative_type.code == "meeting_place"
    assert [t.code for t in mens.special_groups.all()] == ["men"]


def test_the_cli_reports_a_broken_file_in_one_line(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": ', encoding="utf-8")
    result = CliRunner().invoke(app, ["directory", "import", str(broken)])
    assert result.exit_code == 2
    assert "broken.json: not valid JSON" in result.output
    assert "Traceback" not in result.output


def _ventilen_with_details(people, ventilen):
    from brobygger.directory import services

    services.initiative_update(
        initiative=ventilen,
        user=people["editor"],
        fields={},
        special_groups=["students"],
        details={"phone": "70 21 00 00", "languages": ["da", "en", "ar"], "postal_code": "8000"},
    )
    return next(s for s in hsds_export() if s["id"] == str(ventilen.pk))


def test_a_reimport_replaces_the_children_the_file_gives(people, ventilen):
    exported = _ventilen_with_details(people, ventilen)
    assert len(exported["phones"]) == 1 and len(exported["languages"]) == 3
    exported["phones"] = []
    exported["languages"] = [x for x in exported["languages"] if x["code"] == "da"]
    exported["attributes"] = [
        a for a in exported["attributes"] if a["taxonomy_term"]["code"] != "students"
    ]
    exported["service_at_locations"] = []
    hsds_import(exported)
    ventilen.refresh_from_db()
    assert not ventilen.phones.exists()
    assert sorted(ventilen.languages.values_list("code", flat=True)) == ["da"]
    assert not ventilen.special_groups.exists()
    assert [t.code for t in ventilen.target_groups.all()] == ["young_16_29"]
    assert ventilen.initiative_type.code == "meeting_place"
    assert not ventilen.service_at_locations.exists()


def test_a_reimport_leaves_alone_what_the_file_does_not_give(people, ventilen):
    exported = _ventilen_with_details(people, ventilen)
    for key in ("phones", "languages", "attributes", "service_at_locations"):
        del exported[key]
    hsds_import(exported)
    assert ventilen.phones.count() == 1 and ventilen.languages.count() == 3
    assert [t.code for t in ventilen.special_groups.all()] == ["students"]
    assert ventilen.service_at_locations.count() == 1


def test_a_reimport_is_kept_in_the_history_as_an_import(people, ventilen):
    exported = _ventilen_with_details(people, ventilen)
    exported["phones"] = []
    exported["description"] = "Fra kommunens fil"
    hsds_import(exported)
    revision = ventilen.revisions.first()
    assert revision.action == "import" and revision.user is None
    assert revision.changes["phone"] == ["70 21 00 00", ""]
    assert revision.changes["description"] == ["", "Fra kommunens fil"]
    hsds_import(exported)  # the same file again changes nothing, and records nothing
    assert ventilen.revisions.filter(action="import").count() == 1


def test_a_new_service_from_a_file_is_recorded_as_imported(db, reference):
    original = _example(reference, "service_full.json")
    hsds_import(original)
    initiative = Initiative.objects.get(pk=original["id"])
    assert [r.action for r in initiative.revisions.all()] == ["import"]
    assert initiative.revisions.get().changes["name"] == [None, original["name"]]


def test_a_tabular_reimport_replaces_the_tables_it_gives(db, reference):
    tables = _example(reference, "tabular.json")
    hsds_import(tables)
    service_id = tables["services.csv"][0]["id"]
    mine = [p for p in tables["phones.csv"] if p.get("service_id") == service_id]
    assert mine, "the example gives the service a phone"
    tables["phones.csv"] = [p for p in tables["phones.csv"] if p.get("service_id") != service_id]
    hsds_import(tables)
    assert not Phone.objects.filter(initiative_id=service_id).exists()
