"""HSDS ids stay put: the same on every install (pinned here), and across a re-import."""

from __future__ import annotations

from brobygger.directory import services
from brobygger.directory.hsds.importer import hsds_export, hsds_import
from brobygger.directory.models import Initiative, Taxonomy, TaxonomyTerm

# What every install publishes for Ventilen and its type. A change here breaks every client
# that stored our ids: only change it on purpose.
INITIATIVE_TYPES = "8a07fac3-60e1-5f1f-b613-d75dd297d62c"
MEETING_PLACE = "e09b55f9-7390-5b3f-9583-92a57795bbb2"
VENTILEN = "5a3c7cf9-46f8-51c0-8d26-ed5133a504c8"
VENTILEN_ORGANIZATION = "5faeb6f2-919f-5fbb-b7d0-adb8d0ca22b2"
VENTILEN_IS_A_MEETING_PLACE = "4307de30-a284-5e3c-9858-a39a8b7ed7e7"


def _ventilen(client) -> dict:
    return client.get(f"/hsds/services/{VENTILEN}").json()


def test_a_fresh_install_publishes_the_same_ids(client, seeded):
    assert str(Taxonomy.objects.get(code="initiative_type").pk) == INITIATIVE_TYPES
    ventilen = _ventilen(client)
    assert ventilen["organization"]["id"] == VENTILEN_ORGANIZATION
    attribute = next(
        a for a in ventilen["attributes"] if a["taxonomy_term"]["code"] == "meeting_place"
    )
    assert attribute["id"] == VENTILEN_IS_A_MEETING_PLACE
    assert attribute["taxonomy_term"]["id"] == MEETING_PLACE
    assert attribute["taxonomy_term"]["taxonomy_id"] == INITIATIVE_TYPES


def test_every_term_of_ours_has_its_stable_id(seeded):
    for term in TaxonomyTerm.objects.select_related("taxonomy"):
        assert term.pk == services.term_stable_id(term.taxonomy.code, term.code)


def test_setting_up_again_keeps_the_ids(seeded):
    before = set(TaxonomyTerm.objects.values_list("pk", flat=True))
    services.taxonomies_ensure()
    assert set(TaxonomyTerm.objects.values_list("pk", flat=True)) == before


def test_an_export_imported_again_keeps_every_id_and_last_modified(client, seeded):
    exported = hsds_export()
    Initiative.objects.all().delete()
    hsds_import(exported)
    again = {s["id"]: s for s in hsds_export()}
    for service in exported:
        assert again[service["id"]]["last_modified"] == service["last_modified"]
        assert {a["id"] for a in again[service["id"]]["attributes"]} == {
            a["id"] for a in service["attributes"]
        }
