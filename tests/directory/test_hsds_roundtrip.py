"""Every official HSDS 3.0 example imports and exports again with every value it holds."""

from __future__ import annotations

import json

import pytest

from brobygger.directory.hsds import serialize
from brobygger.directory.hsds.importer import hsds_import
from brobygger.directory.hsds.tabular import tabular_export
from brobygger.directory.models import (
    Initiative,
    Location,
    Organization,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from tests.directory.hsds_compare import count_values, differences

EXAMPLES = "hsds-3.0/examples"


def _service(pk):
    return serialize.service(serialize.services_prefetched(Initiative.objects).get(pk=pk))


# Each example as the export writes that kind of record again.
EXPORT = {
    "service_full.json": _service,
    "organization_full.json": lambda pk: serialize.organization(
        Organization.objects.get(pk=pk),
        full=True,
        services=Initiative.objects.filter(organization_id=pk),
    ),
    "service_at_location_full.json": lambda pk: serialize.service_at_location(
        ServiceAtLocation.objects.get(pk=pk), full_service=True
    ),
    "location.json": lambda pk: serialize.location(Location.objects.get(pk=pk)),
    "taxonomy.json": lambda pk: serialize.taxonomy(Taxonomy.objects.get(pk=pk)),
    "taxonomy_term.json": lambda pk: serialize.taxonomy_term(TaxonomyTerm.objects.get(pk=pk)),
    # Pages: their items as the list endpoints write them (the envelope is the server's).
    "service_list.json": lambda pk: serialize.service_summary(Initiative.objects.get(pk=pk)),
    "organization_list.json": lambda pk: serialize.organization(Organization.objects.get(pk=pk)),
    "service_at_location_list.json": lambda pk: serialize.service_at_location(
        ServiceAtLocation.objects.get(pk=pk), with_service=True
    ),
    "taxonomy_list.json": lambda pk: serialize.taxonomy(Taxonomy.objects.get(pk=pk)),
    "taxonomy_term_list.json": lambda pk: serialize.taxonomy_term(TaxonomyTerm.objects.get(pk=pk)),
}


def _example(reference, name):
    return json.loads((reference / EXAMPLES / name).read_text(encoding="utf-8"))


def test_every_official_example_has_a_round_trip_test(reference):
    """A new example in the reference folder needs a line in EXPORT (base.json describes a
    server, not records; tabular.json is checked in the tabular form, below)."""
    names = {p.name for p in (reference / EXAMPLES).glob("*.json")}
    assert names - {"base.json", "tabular.json"} == set(EXPORT)


@pytest.mark.parametrize("name", sorted(EXPORT))
def test_it_exports_an_official_example_again_with_every_value(db, reference, name):
    original = _example(reference, name)
    hsds_import(original)
    items = original.get("contents", [original])
    for item in items:
        exported = EXPORT[name](item["id"])
        diff = differences(item, exported)
        assert not diff, (
            f"{name}: {len(diff)} of {count_values(item)} values differ:\n" + "\n".join(diff[:25])
        )


def test_an_edit_after_the_import_wins_over_the_imported_spelling(db, reference):
    original = _example(reference, "service_full.json")
    hsds_import(original)
    phone = Initiative.objects.get(pk=original["id"]).phones.get()
    assert serialize._phone(phone)["number"] == original["phones"][0]["number"]
    phone.number = "+45 86 12 34 56"
    phone.save()
    assert _service(original["id"])["phones"][0]["number"] == "+45 86 12 34 56"


def test_the_imported_last_modified_is_kept(db, reference):
    original = _example(reference, "service_full.json")
    hsds_import(original)
    initiative = Initiative.objects.get(pk=original["id"])
    assert initiative.updated_at.isoformat() == "2023-03-15T10:30:45.123000+00:00"


def test_service_areas_are_kept_and_offered_to_the_directory(db, reference):
    original = _example(reference, "service_full.json")
    hsds_import(original)
    initiative = Initiative.objects.get(pk=original["id"])
    assert initiative.hsds_service_areas == original["service_areas"]


def test_a_postal_address_stays_postal(db, reference):
    original = _example(reference, "location.json")
    hsds_import(original)
    assert Location.objects.get(pk=original["id"]).address_type == "postal"


def test_a_foreign_taxonomy_is_kept_as_a_taxonomy_of_its_own(db, reference):
    original = _example(reference, "service_full.json")
    hsds_import(original)
    term = original["attributes"][0]["taxonomy_term"]
    stored = TaxonomyTerm.objects.select_related("taxonomy").get(pk=term["id"])
    assert str(stored.taxonomy_id) == term["taxonomy_detail"]["id"]
    assert stored.taxonomy.code not in ("target_group", "initiative_type", "special_group")
    assert Initiative.objects.get(pk=original["id"]).hsds_attributes.count() == 1


def test_the_tabular_example_exports_again_in_tabular_form_with_every_value(db, reference):
    """Row for row, by id, in every table (our own taxonomies come as rows of their own)."""
    original = _example(reference, "tabular.json")
    hsds_import(original)
    exported = tabular_export()
    problems = []
    for table, rows in original.items():
        mine = {str(row.get("id")): row for row in exported.get(table, [])}
        for row in rows:
            where = f"$['{table}'][id={row['id']}]"
            if str(row["id"]) not in mine:
                problems.append(f"{where}: missing")
                continue
            problems += differences(row, mine[str(row["id"])], where)
    total = sum(count_values(rows) for rows in original.values())
    summary = f"tabular.json: {len(problems)} of {total} values differ:"
    assert not problems, "\n".join([summary, *problems[:25]])
