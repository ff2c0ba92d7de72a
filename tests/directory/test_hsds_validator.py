"""Our HSDS API checked as Open Referral UK's validator checks one, on a directory rich enough
to tell: the 40 seeded initiatives plus the official example service (another organisation,
another taxonomy), with known modification times.

- level 1: the root, the OpenAPI it points to, every list paged with correct paging fields,
  and every record's own endpoint;
- property checks: every record of every answer against the official schemas (required,
  type, format, enumerations) and the properties they mark unique;
- level 2: every query parameter of ``/services`` changes the result as it says; bad values
  answer 400 naming the parameter.
Plus what any client needs: CORS for every origin, and 405 with ``Allow: GET`` for writes.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
from django.test import Client

from brobygger.directory.hsds.importer import hsds_import
from brobygger.directory.models import Initiative
from tests.directory.hsds_validator import Uniques, check_page, check_record

EXAMPLE = "hsds-3.0/examples/service_full.json"
OLD = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
NEW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
RECENT = ("Ventilen", "Alzheimerforeningen", "Community Counselling")
# Each list endpoint: the schema of its items and of its records' own endpoints.
LISTS = {
    "services": ("service_list", "service"),
    "organizations": ("organization_list", "organization"),
    "service_at_locations": ("service_at_location_list", "service_at_location"),
    "taxonomies": ("taxonomy", "taxonomy"),
    "taxonomy_terms": ("taxonomy_term", "taxonomy_term"),
}


@pytest.fixture
def example(reference):
    return json.loads((reference / EXAMPLE).read_text(encoding="utf-8"))


@pytest.fixture
def rich(seeded, example):
    hsds_import(example)
    Initiative.objects.update(updated_at=OLD)
    Initiative.objects.filter(name__in=RECENT).update(updated_at=NEW)
    return example


@pytest.fixture
def api():
    return Client()


def _get(api, url, status=200):
    response = api.get(url)
    assert response.status_code == status, (url, response.content[:500])
    return response.json()


def _all(api, path, per_page=7, **params):
    """Every item of a list, page by page, checking each page's paging fields."""
    items, page = [], 1
    while True:
        query = "&".join(f"{k}={v}" for k, v in {**params, "page": page}.items())
        body = _get(api, f"/hsds/{path}?per_page={per_page}&{query}")
        problems = check_page(api.reference, body, per_page=per_page)
        assert not problems, (path, page, problems)
        items += body["contents"]
        if body["last_page"]:
            return items
        page += 1


def _ids(api, **params) -> set[str]:
    return {s["id"] for s in _all(api, "services", per_page=50, **params)}


@pytest.fixture
def checked(api, reference):
    api.reference = reference
    return api


# --- level 1 ------------------------------------------------------------------------------------


def test_level_1_the_root_points_at_the_openapi_that_describes_the_api(checked):
    root = _get(checked, "/hsds/")
    assert root["version"] == "3.0"
    assert root["openapi_url"].startswith("http")
    openapi = _get(checked, urlsplit(root["openapi_url"]).path)
    assert openapi["openapi"].startswith("3.")
    assert {"/services", "/services/{id}", "/organizations", "/taxonomies"} <= set(openapi["paths"])


@pytest.mark.parametrize("path", sorted(LISTS))
def test_level_1_every_list_pages_and_every_record_has_its_endpoint(checked, rich, path):
    item_kind, record_kind = LISTS[path]
    items = _all(checked, path)
    assert items, path
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), f"{path}: an id on two pages"
    problems = []
    for item in items:
        problems += check_record(checked.reference, item_kind, item)
        record = _get(checked, f"/hsds/{path}/{item['id']}")
        assert record["id"] == item["id"]
        problems += check_record(checked.reference, record_kind, record)
    assert not problems, "\n".join(problems[:20])


def test_level_1_the_services_are_the_published_ones(checked, rich):
    published = Initiative.objects.filter(status="published", is_example=False)
    assert _ids(checked) == {str(pk) for pk in published.values_list("pk", flat=True)}
    assert rich["id"] in _ids(checked)


def test_level_1_an_unknown_record_is_a_404(checked, rich):
    for path in LISTS:
        _get(checked, f"/hsds/{path}/00000000-0000-4000-8000-000000000000", status=404)


# --- property checks -----------------------------------------------------------------------------


def test_every_record_of_every_answer_is_valid_and_its_unique_properties_are(checked, rich):
    uniques = Uniques(checked.reference)
    problems = []
    for service in _all(checked, "services", per_page=50, full="true"):
        problems += check_record(checked.reference, "service", service)
        uniques.add("service", service)
    for path, (item_kind, record_kind) in LISTS.items():
        for item in _all(checked, path, per_page=50):
            uniques.add(item_kind, item)
            record = _get(checked, f"/hsds/{path}/{item['id']}")
            problems += check_record(checked.reference, record_kind, record)
            uniques.add(record_kind, record)
    assert not problems, "\n".join(problems[:20])
    assert not uniques.problems, "\n".join(uniques.problems[:20])
    assert len(uniques.seen) > 100  # the check saw the records, not an empty directory


# --- level 2 ------------------------------------------------------------------------------------


def _full(api) -> list[dict]:
    return _all(api, "services", per_page=50, full="true")


def test_level_2_modified_after(checked, rich):
    recent = {str(i.pk) for i in Initiative.objects.filter(name__in=RECENT)}
    assert len(recent) == 3
    assert _ids(checked, modified_after="2025-01-01") == recent
    assert _ids(checked, modified_after="2025-06-01T00:00:00Z") == recent
    assert _ids(checked, modified_after="2025-06-01T00:00:01Z") == set()
    assert len(_ids(checked, modified_after="2019-12-31")) == 41


def test_level_2_organization_id(checked, rich):
    assert _ids(checked, organization_id=rich["organization"]["id"]) == {rich["id"]}
    ventilen = Initiative.objects.get(name="Ventilen")
    found = _all(checked, "services", organization_id=ventilen.organization_id)
    assert "Ventilen" in {s["name"] for s in found}
    assert {s["organization"]["id"] for s in found} == {str(ventilen.organization_id)}


def test_level_2_taxonomy_term_id(checked, rich):
    foreign = rich["attributes"][0]["taxonomy_term"]["id"]
    assert _ids(checked, taxonomy_term_id=foreign) == {rich["id"]}
    terms = _all(checked, "taxonomy_terms", per_page=50)
    men = next(t for t in terms if t["code"] == "men")
    expected = {
        s["id"]
        for s in _full(checked)
        if men["id"] in {a["taxonomy_term"]["id"] for a in s.get("attributes", [])}
    }
    found = _ids(checked, taxonomy_term_id=men["id"])
    assert found == expected
    assert 0 < len(found) < 41
    assert "Mænds Mødesteder" in {
        s["name"] for s in _all(checked, "services", taxonomy_term_id=men["id"])
    }


def test_level_2_taxonomy_id(checked, rich):
    foreign = rich["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["id"]
    assert _ids(checked, taxonomy_id=foreign) == {rich["id"]}
    special = next(t for t in _all(checked, "taxonomies") if "special" in t["name"])
    expected = {
        s["id"]
        for s in _full(checked)
        if special["id"] in {a["taxonomy_term"].get("taxonomy_id") for a in s.get("attributes", [])}
    }
    found = _ids(checked, taxonomy_id=special["id"])
    assert found == expected
    assert 0 < len(found) < 41


def test_level_2_minimal_and_full(checked, rich):
    minimal = _all(checked, "services", per_page=50, minimal="true")
    assert {tuple(sorted(s)) for s in minimal} == {("id", "last_modified")}
    assert {s["id"] for s in minimal} == _ids(checked)
    summaries = _all(checked, "services", per_page=50, full="false")
    assert not any(isinstance(v, list) for s in summaries for v in s.values())
    full = {s["id"]: s for s in _full(checked)}
    assert all(s.get("attributes") for s in full.values())
    assert full[rich["id"]]["service_at_locations"]
    assert full[rich["id"]]["funding"] == rich["funding"]


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("Alzheimer", "Alzheimerforeningen"),
        ("alzheimerforeningen", "Alzheimerforeningen"),
        ("forening", "Alzheimerforeningen"),
        ("Counselling", "Community Counselling"),
    ],
)
def test_level_2_search_finds_parts_of_words(checked, rich, words, name):
    found = {s["name"] for s in _all(checked, "services", search=words)}
    assert name in found
    assert len(found) < 41


def test_level_2_search_for_nothing_known_finds_nothing(checked, rich):
    body = _get(checked, "/hsds/services?search=xyzzyqq")
    assert (body["total_items"], body["empty"], body["contents"]) == (0, True, [])


def test_level_2_parameters_combine(checked, rich):
    org = rich["organization"]["id"]
    assert _ids(checked, organization_id=org, modified_after="2025-01-01") == {rich["id"]}
    assert _ids(checked, organization_id=org, modified_after="2025-07-01") == set()


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("modified_after", "yesterday"),
        ("taxonomy_term_id", "abc"),
        ("taxonomy_id", "abc"),
        ("organization_id", "abc"),
        ("minimal", "maybe"),
        ("full", "yes please"),
        ("page", "x"),
        ("per_page", "0"),
        ("format", "xml"),
    ],
)
def test_a_bad_value_answers_400_naming_the_parameter(checked, rich, parameter, value):
    response = checked.get("/hsds/services", {parameter: value})
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"{parameter}:")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_format_ndjson_streams_every_service(checked, rich):
    response = checked.get("/hsds/services?format=ndjson")
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    assert {s["id"] for s in lines} == _ids(checked)


# --- what any client needs -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/hsds/",
        "/hsds/openapi.json",
        "/hsds/services",
        "/hsds/taxonomies",
        "/hsds/services/00000000-0000-4000-8000-000000000000",
    ],
)
def test_public_reads_are_open_to_every_origin(api, rich, url):
    response = api.get(url, HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/hsds/services", "/hsds/services/{id}", "/hsds/"])
def test_writes_answer_405_allow_get_not_a_csrf_page(rich, method, url):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(
        url.format(id=rich["id"]), data="{}", content_type="application/json"
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response["Content-Type"].startswith("application/json")


# --- the validator itself finds what it looks for ------------------------------------------------


def test_the_validator_finds_a_missing_property_a_bad_format_and_a_bad_enumeration(reference):
    record = {"id": "00000000-0000-4000-8000-000000000001", "name": "x", "email": "not an email"}
    problems = "\n".join(check_record(reference, "service", {**record, "status": "open"}))
    assert "'open' is not one of" in problems
    assert "is not a 'email'" in problems
    assert "'status' is a required property" in "\n".join(
        check_record(reference, "service", record)
    )


def test_the_validator_finds_two_records_with_one_id_and_wrong_paging(reference):
    uniques = Uniques(reference)
    uniques.add("taxonomy_term", {"id": "a", "code": "same", "name": "A", "description": ""})
    uniques.add("taxonomy_term", {"id": "b", "code": "same", "name": "B", "description": ""})
    assert uniques.problems == ["taxonomy_term.code = 'same' is shared by a and b"]
    page = {
        "total_items": 3,
        "total_pages": 1,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": [{}, {}],
    }
    assert check_page(reference, page, per_page=2) == [
        "page.total_pages: 1, expected 2",
        "page.last_page: True, expected False",
    ]
