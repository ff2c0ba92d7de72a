"""The seeded directory against the 2015 mapping as published (shared/reference)."""

import csv
from collections import Counter

from brobygger.directory import services
from brobygger.directory.models import Initiative, Organization
from brobygger.directory.selectors import initiative_overview


def _reference_rows(reference):
    with open(reference / "initiatives_2015.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_loads_the_40_initiatives_of_the_mapping(seeded, reference):
    names = {r["name"] for r in _reference_rows(reference)}
    assert Initiative.objects.count() == 40
    assert set(Initiative.objects.values_list("name", flat=True)) == names


def test_it_has_every_listing_of_the_mapping_in_the_overview(seeded, reference):
    expected = Counter((r["target_group"], r["type"]) for r in _reference_rows(reference))
    overview = initiative_overview()
    got = Counter({key: cell.count for key, cell in overview.cells.items() if cell.count})
    assert got == expected
    assert overview.listings == 41
    assert {g.code: overview.row_total(g.code) for g in overview.target_groups} == {
        "young_16_29": 15,
        "adults_30_64": 10,
        "elderly": 13,
        "all": 3,
    }


def test_it_lists_the_self_help_groups_for_two_age_groups(seeded):
    groups = Initiative.objects.get(name="Selvhjælpsgrupper Aarhus").target_groups.all()
    assert sorted(t.code for t in groups) == ["adults_30_64", "young_16_29"]


def test_it_groups_initiatives_under_the_organisation_named(seeded):
    assert Organization.objects.get(name="Ældre Sagen").initiatives.count() == 5
    assert Initiative.objects.get(name="Besøgstjenesten Røde Kors").organization.name == "Røde Kors"


def test_it_invents_nothing_the_mapping_did_not_record(seeded):
    for initiative in Initiative.objects.all():
        assert initiative.description == ""
        assert initiative.first_visit == ""
        assert initiative.last_reviewed is None
        assert not initiative.phones.exists()
        assert not initiative.service_at_locations.exists()


def test_it_keeps_the_printed_age_notes(seeded):
    cafe_vita = Initiative.objects.get(name="Café Vita")
    assert (cafe_vita.minimum_age, cafe_vita.maximum_age) == (18, None)
    mens = Initiative.objects.get(name="Mænds Mødesteder")
    assert mens.minimum_age == 40
    assert [t.code for t in mens.special_groups.all()] == ["men"]


def test_it_does_not_load_the_seed_twice(seeded):
    assert services.seed_load() == 0
    assert Initiative.objects.count() == 40


def test_it_follows_the_live_data_when_the_directory_changes(seeded):
    Initiative.objects.filter(name="Ventilen").update(status=Initiative.Status.DEFUNCT)
    overview = initiative_overview()
    assert overview.row_total("young_16_29") == 14
    assert "Ventilen" not in overview.cell("young_16_29", "meeting_place").names
