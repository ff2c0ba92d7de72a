"""Importing and exporting HSDS 3.0 JSON."""

import json

import pytest
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.directory.hsds.importer import HSDSImportError, hsds_export, hsds_import
from brobygger.directory.models import Initiative, Organization

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


@pytest.mark.parametrize(
    "name",
    [
        "base.json",
        "location.json",
        "organization_full.json",
        "organization_list.json",
        "service_at_location_full.json",
        "service_at_location_list.json",
        "service_full.json",
        "service_list.json",
        "tabular.json",
        "taxonomy.json",
        "taxonomy_list.json",
        "taxonomy_term.json",
        "taxonomy_term_list.json",
    ],
)
def test_it_imports_every_official_example(db, reference, name):
    hsds_import(_example(reference, name))


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


def test_the_cli_reports_a_broken_file_in_one_line(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": ', encoding="utf-8")
    result = CliRunner().invoke(app, ["directory", "import", str(broken)])
    assert result.exit_code == 2
    assert "broken.json: not valid JSON" in result.output
    assert "Traceback" not in result.output
