"""The read-only HSDS 3.0 API, validated against the official schemas in shared/reference."""

import json

import jsonschema
import pytest

HSDS = "hsds-3.0/schema"


def _validator(reference, name, definition=None):
    schema = json.loads((reference / HSDS / "compiled" / name).read_text(encoding="utf-8"))
    if definition:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def _page_validator(reference):
    openapi = json.loads((reference / HSDS / "openapi.json").read_text(encoding="utf-8"))
    page = dict(openapi["components"]["schemas"]["Page"])
    page["required"] = list(page["properties"])
    return jsonschema.Draft7Validator(page)


def _assert_valid(validator, instance):
    errors = list(validator.iter_errors(instance))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_it_lists_the_40_services_each_valid(client, seeded, reference):
    body = client.get("/hsds/services?per_page=100").json()
    _assert_valid(_page_validator(reference), body)
    assert body["total_items"] == 40 and body["size"] == 40 and body["empty"] is False
    validator = _validator(reference, "service_list.json")
    for service in body["contents"]:
        _assert_valid(validator, service)
    assert len({s["id"] for s in body["contents"]}) == 40


def test_it_serves_every_service_fully_nested_and_valid(client, seeded, reference):
    validator = _validator(reference, "service_with_definitions.json")
    ids = [s["id"] for s in client.get("/hsds/services?per_page=100").json()["contents"]]
    for service_id in ids:
        service = client.get(f"/hsds/services/{service_id}").json()
        _assert_valid(validator, service)
        codes = {a["taxonomy_term"]["code"] for a in service["attributes"]}
        assert codes, service["name"]


def test_it_paginates_with_the_page_fields(client, seeded):
    first = client.get("/hsds/services?page=1&per_page=15").json()
    last = client.get("/hsds/services?page=3&per_page=15").json()
    assert (first["total_pages"], first["first_page"], first["last_page"]) == (3, True, False)
    assert (last["size"], last["last_page"]) == (10, True)
    assert client.get("/hsds/services?page=0").status_code == 400
    assert client.get("/hsds/services?per_page=abc").status_code == 400


def test_it_serves_organizations_and_service_at_locations_valid(
    client, seeded, reference, people, ventilen
):
    from brobygger.directory import services

    services.initiative_update(
        initiative=ventilen,
        user=people["editor"],
        fields={},
        details={"address_1": "Mejlgade 10", "postal_code": "8000", "city": "Aarhus C"},
    )
    orgs = client.get("/hsds/organizations?per_page=100").json()
    _assert_valid(_page_validator(reference), orgs)
    org_validator = _validator(reference, "organization_list.json")
    for org in orgs["contents"]:
        _assert_valid(org_validator, org)
    full = _validator(reference, "service_with_definitions.json", "organization")
    _assert_valid(full, client.get(f"/hsds/organizations/{orgs['contents'][0]['id']}").json())
    sals = client.get("/hsds/service_at_locations").json()
    assert sals["total_items"] == 1
    _assert_valid(_validator(reference, "service_at_location_list.json"), sals["contents"][0])
    assert sals["contents"][0]["location"]["addresses"][0]["postal_code"] == "8000"


def test_it_serves_our_taxonomies(client, seeded, reference):
    taxonomies = client.get("/hsds/taxonomies").json()
    assert taxonomies["total_items"] == 3
    terms = client.get("/hsds/taxonomy_terms?per_page=100").json()
    validator = _validator(reference, "service_with_definitions.json", "taxonomy_term")
    for term in terms["contents"]:
        _assert_valid(validator, term)
    assert {"young_16_29", "meeting_place", "men"} <= {t["code"] for t in terms["contents"]}


def test_it_filters_services_by_taxonomy_term(client, seeded):
    terms = client.get("/hsds/taxonomy_terms?per_page=100").json()["contents"]
    adults = next(t for t in terms if t["code"] == "adults_30_64")
    body = client.get(f"/hsds/services?taxonomy_term_id={adults['id']}").json()
    assert body["total_items"] == 10


@pytest.mark.parametrize("path", ["/hsds/services/00000000-0000-0000-0000-000000000000"])
def test_it_answers_404_for_unknown_ids(client, seeded, path):
    assert client.get(path).status_code == 404
