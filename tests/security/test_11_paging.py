"""Finding 11: absurd paging gives a 400 that says
what is wrong, never a 500 or a debug page, on every paged endpoint of the directory."""

from __future__ import annotations

import pytest

HSDS_LISTS = [
    "/hsds/services",
    "/hsds/services?full=true",
    "/hsds/organizations",
    "/hsds/service_at_locations",
    "/hsds/taxonomies",
    "/hsds/taxonomy_terms",
]
ABSURD_PAGING = [
    "page=99999999999999999999",
    "page=100000",
    "page=-1",
    "page=1e20",
    "per_page=99999999999999999999",
    "per_page=0",
    "per_page=1e3",
    "page=" + "9" * 5000,
]


@pytest.mark.parametrize("url", HSDS_LISTS)
@pytest.mark.parametrize("paging", ABSURD_PAGING)
def test_the_hsds_lists_refuse_absurd_paging(client, seeded, url, paging):
    joined = f"{url}{'&' if '?' in url else '?'}{paging}"
    response = client.get(joined)
    assert response.status_code == 400, (joined, response.status_code)
    assert "page" in response.json()["error"]


@pytest.mark.parametrize("url", HSDS_LISTS)
def test_the_hsds_lists_still_serve_the_last_page(client, seeded, url):
    first = client.get(url).json()
    last = client.get(f"{url}{'&' if '?' in url else '?'}page={first['total_pages']}")
    assert last.status_code == 200 and last.json()["last_page"] is True


@pytest.mark.parametrize(
    "paging",
    [
        "offset=1e20",
        "offset=100000000000000000000",
        "offset=9223372036854775807",
        "offset=-1",
        "limit=100000000000000000000",
        "limit=0",
        "limit=1e3",
    ],
)
def test_the_api_search_refuses_absurd_paging(client, seeded, paging):
    response = client.get(f"/api/v1/directory/initiatives?{paging}")
    assert response.status_code == 400, (paging, response.status_code)
    name = paging.split("=")[0]
    assert name in response.content.decode()


def test_the_api_search_pages_normally(client, seeded):
    first = client.get("/api/v1/directory/initiatives?limit=15").json()
    rest = client.get("/api/v1/directory/initiatives?limit=200&offset=15").json()
    assert len(first) == 15 and len(rest) == 25
    assert not {i["id"] for i in first} & {i["id"] for i in rest}
