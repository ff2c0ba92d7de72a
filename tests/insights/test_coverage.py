"""Coverage: the seeded directory against the 2015 mapping (shared/reference) and against the
synthetic survey's age groups and risk groups; the page, its chart and its CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from brobygger.insights.coverage import coverage

pytestmark = pytest.mark.django_db


def _reference_listings(reference) -> Counter:
    with open(reference / "initiatives_2015.csv", encoding="utf-8") as handle:
        return Counter(row["target_group"] for row in csv.DictReader(handle))


def _csv(client) -> list[dict]:
    response = client.get("/indsigt/daekning.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Danish Excel shows æøå
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_target_groups_are_counted_as_the_2015_mapping(client, seeded, reference):
    expected = _reference_listings(reference)
    assert dict(expected) == {"young_16_29": 15, "adults_30_64": 10, "elderly": 13, "all": 3}
    rows = {r["key"]: r for r in _csv(client) if r["section"] == "target_group"}
    assert {k: int(r["initiatives"]) for k, r in rows.items()} == dict(expected)
    # by type, as the mapping's columns: the young meet in meeting places, the elderly are visited
    assert int(rows["young_16_29"]["meeting_place"]) == 5
    assert int(rows["elderly"]["visiting_safety_call"]) == 4


def test_adults_30_64_are_served_least(client, seeded):
    cover = coverage(None)
    by_group = {r.key: r for r in cover.target_groups}
    served = {k: by_group[k].count for k in ("young_16_29", "adults_30_64", "elderly")}
    assert min(served, key=served.get) == "adults_30_64"
    ages = {r.key: r for r in cover.age_groups}
    assert {k for k, r in ages.items() if r.gap} == {"30-44", "45-59"}
    assert ages["16-29"].targeted > ages["30-44"].targeted
    assert ages["75+"].targeted > ages["45-59"].targeted
    assert cover.without_place == 40  # the seed records no addresses
    # no addresses, but every postcode is served (service areas: tests/directory/test_service_areas)
    assert all(r.gap == "no_place_here" and r.count >= 38 for r in cover.postcodes)


def test_risk_groups_come_from_the_synthetic_analysis(client, seeded, settings, demo_home):
    settings.INSIGHTS_DIR = demo_home
    cover = coverage(demo_home / "demo" / "da")
    assert cover.survey
    risks = {r.key: r for r in cover.risk_groups}
    assert len(risks) == 7
    assert risks["ethnicity/non_danish"].initiatives == [
        "Venskabsforeningen for ældre danskere og indvandrere"
    ]
    assert risks["long_term_mental_disorder/yes"].gap == "none_targeted"
    assert all(r.severe_or >= 2 for r in risks.values())
    ages = {r.key: r for r in cover.age_groups}
    assert ages["16-29"].severe_pct == pytest.approx(5.7, abs=0.5)  # Table 1, reproduced

    page = client.get("/indsigt/daekning/").content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert 'data-gap="risk_group:long_term_mental_disorder/yes"' in page
    assert 'data-gap="age_group:30-44"' in page
    rows = [r for r in _csv(client) if r["section"] == "risk_group"]
    assert len(rows) == 7 and all(r["severe_or"] for r in rows)
