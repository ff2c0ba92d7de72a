"""Service areas: where an initiative serves, not only where it sits (issue 23).

The expected sets are read off the reference data (shared/reference/initiatives_2015.csv: the
type column says which are by phone or online) and counted by hand, not computed by the code
under test. The file runs on SQLite and, with DATABASE_URL set, on PostgreSQL: the same sets.
"""

from __future__ import annotations

import csv
import html
import re
import subprocess

import pytest

from brobygger.directory import pdf, printing, service_areas, services
from brobygger.directory.hsds import serialize
from brobygger.directory.hsds.importer import hsds_import
from brobygger.directory.models import Initiative
from brobygger.directory.selectors import SearchParams, initiative_search
from brobygger.insights.coverage import coverage
from tests.directory.test_views import EDIT_FORM, login

pytestmark = pytest.mark.django_db

ANYWHERE = "By phone or online"
MUNICIPALITY = "For all of Aarhus Kommune"
KLOSTER = {"KlosterCaféen", "KlostergadeCentret"}  # named after Klostergade, 8000 Aarhus C
VISITS = {
    "Besøgstjenesten Røde Kors",
    "Ældre Sagens Besøgstjeneste",
    "Besøgstjenester under kirkerne i Aarhus",
}


def _reference(reference) -> dict[str, str]:
    """name -> type, as the 2015 mapping has them (40 initiatives, 41 listings)."""
    with open(reference / "initiatives_2015.csv", encoding="utf-8") as handle:
        return {row["name"]: row["type"] for row in csv.DictReader(handle)}


def _place(initiative, postcode, city="Aarhus"):
    services.initiative_update(
        initiative=initiative,
        user=None,
        fields={},
        details={"address_1": "Gaden 1", "postal_code": postcode, "city": city},
    )


# --- the seed --------------------------------------------------------------------------------


def test_the_seed_takes_its_areas_from_the_report(seeded, reference):
    types = _reference(reference)
    assert len(types) == 40
    by_phone = {name for name, kind in types.items() if kind == "online_phone"}
    assert len(by_phone) == 8
    areas = {i.name: (i.service_area, i.service_postcodes, i.access) for i in seeded}
    assert set(areas) == set(types)
    assert {n for n, a in areas.items() if a[0] == "anywhere"} == by_phone
    assert {n for n, a in areas.items() if a[0] == "postcodes"} == KLOSTER
    assert {a[1] for n, a in areas.items() if n in KLOSTER} == {"8000"}
    assert sum(a[0] == "municipality" for a in areas.values()) == 40 - 8 - 2
    assert {n for n, a in areas.items() if a[2] == "at_home"} == VISITS
    assert sum(a[2] == "remote" for a in areas.values()) == 8 + 1  # and the Tryghedsopkald
    assert sum(a[2] == "call" for a in areas.values()) == 40 - 9 - 3


# --- the rule ----------------------------------------------------------------------------------


def test_reach_says_why_an_initiative_serves_a_postcode(seeded):
    ventilen = Initiative.objects.get(name="Ventilen")  # the whole municipality
    _place(ventilen, "8200")
    ventilen = Initiative.objects.get(pk=ventilen.pk)
    assert service_areas.reach(ventilen, "8200") is service_areas.Reach.LOCATED
    assert service_areas.reach(ventilen, "8000") is service_areas.Reach.MUNICIPALITY
    assert service_areas.reach(ventilen, "9000") is None  # Aalborg is not Aarhus Kommune
    cyberhus = Initiative.objects.get(name="Cyberhus")
    assert service_areas.reach(cyberhus, "9000") is service_areas.Reach.ANYWHERE
    klosteret = Initiative.objects.get(name="KlosterCaféen")
    assert service_areas.reach(klosteret, "8000") is service_areas.Reach.POSTCODES
    assert not service_areas.serves(klosteret, "8200")
    assert not service_areas.serves(klosteret, "800")
    Initiative.objects.filter(pk=klosteret.pk).update(service_postcodes="8000 8200 8210")
    klosteret.refresh_from_db()
    assert [service_areas.serves(klosteret, c) for c in ("8200", "8210", "8220")] == [
        True,
        True,
        False,
    ]


@pytest.mark.parametrize("postcode", ["8000", "8200", "8210", "8382", "9000", "1050"])
def test_the_queryset_filter_is_the_same_rule(seeded, postcode):
    _place(Initiative.objects.get(name="Ventilen"), "8200")
    _place(Initiative.objects.get(name="Bazen"), "9000", "Aalborg")
    Initiative.objects.filter(name="Ungezonen").update(service_area="")
    Initiative.objects.filter(name="KlostergadeCentret").update(service_postcodes="8000 8210")
    everyone = list(Initiative.objects.prefetch_related("service_at_locations__location"))
    expected = {i.name for i in everyone if service_areas.serves(i, postcode)}
    found = service_areas.serving(Initiative.objects.all(), postcode)
    assert {i.name for i in found} == expected
    assert expected  # the phone lines serve every postcode


def test_postcode_search_finds_those_located_there_first_then_the_area(seeded):
    _place(Initiative.objects.get(name="Ventilen"), "8000")
    _place(Initiative.objects.get(name="Muhabet"), "8220", "Brabrand")  # not in 8000
    found = list(initiative_search(SearchParams(place="8000")))
    names = [i.name for i in found]
    assert len(names) == 40  # every seeded initiative serves 8000
    assert names[0] == "Ventilen"
    assert set(names[1:3]) == KLOSTER  # listed postcode 8000
    ranks = [service_areas.reach(i, "8000") for i in found]
    assert ranks == sorted(ranks)
    assert names.index("Muhabet") < names.index("Cyberhus")  # municipality before anywhere
    # 8220 Brabrand: not the Klostergade places; Muhabet is there
    brabrand = [i.name for i in initiative_search(SearchParams(place="8220"))]
    assert brabrand[0] == "Muhabet" and len(brabrand) == 38 and not KLOSTER & set(brabrand)
    # outside the municipality: the phone and online lines only
    outside = {i.name for i in initiative_search(SearchParams(place="9000"))}
    assert len(outside) == 8 and "Cyberhus" in outside


def _results(page: str) -> list[tuple[str, str]]:
    """(name, label) of each result on a search page."""
    items = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>(.*?)</li>', page, re.S)
    out = []
    for name, rest in items:
        label = re.search(r'<p class="meta service-area">([^<]*)</p>', rest)
        out.append((html.unescape(name), html.unescape(label.group(1)) if label else ""))
    return out


def test_the_8000_search_page_labels_every_result(client, seeded, reference):
    types = _reference(reference)
    _place(Initiative.objects.get(name="Ventilen"), "8000")
    client.cookies["django_language"] = "en"
    results = []
    for page in (1, 2, 3):
        response = client.get("/tilbud/", {"place": "8000", "page": page})
        assert response.status_code == 200
        results += _results(response.content.decode())
        if len(results) >= 40:
            break
    assert len(results) == 40
    assert {name for name, _label in results} == set(types)
    labels = dict(results)
    assert results[0] == ("Ventilen", "Located in 8000")
    for name, kind in types.items():
        if name == "Ventilen":
            continue
        if kind == "online_phone":
            assert labels[name] == ANYWHERE, name
        elif name in KLOSTER:
            assert labels[name] == "For postcode 8000", name
        else:
            assert labels[name] == MUNICIPALITY, name


def test_an_entry_without_an_address_says_how_to_get_there(client, seeded):
    client.cookies["django_language"] = "en"
    visits = Initiative.objects.get(name="Ældre Sagens Besøgstjeneste")
    page = client.get(f"/tilbud/{visits.pk}/").content.decode()
    where = re.search(r'<dd id="where">(.*?)</dd>', page, re.S).group(1)
    assert "Takes place in your home" in where
    assert MUNICIPALITY in page
    cafe = Initiative.objects.get(name="Café Vita")
    page = client.get(f"/tilbud/{cafe.pk}/").content.decode()
    assert "Call to arrange" in re.search(r'<dd id="where">(.*?)</dd>', page, re.S).group(1)
    listing = client.get("/tilbud/", {"q": "Café Vita"}).content.decode()
    assert '<p class="meta access">Call to arrange</p>' in listing
    _place(cafe, "8000")  # with an address, the address stands there
    page = client.get(f"/tilbud/{cafe.pk}/").content.decode()
    where = re.search(r'<dd id="where">(.*?)</dd>', page, re.S).group(1)
    assert "Gaden 1" in where and "Call to arrange" not in where


# --- editing ---------------------------------------------------------------------------------


def test_an_editor_sets_the_area_on_the_edit_page(client, people, ventilen):
    login(client, people["editor"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/tilbud/{ventilen.pk}/rediger/").content.decode()
    assert 'name="service_area"' in page and 'name="service_postcodes"' in page
    form = EDIT_FORM | {"service_area": "postcodes", "service_postcodes": "8210, 8200 8210"}
    form |= {"access": "call"}
    assert client.post(f"/tilbud/{ventilen.pk}/rediger/", form).status_code == 302
    ventilen.refresh_from_db()
    assert (ventilen.service_area, ventilen.service_postcodes) == ("postcodes", "8200 8210")
    assert ventilen.access == "call"
    revision = ventilen.revisions.filter(action="updated").first()
    assert revision.changes["service_area"] == ["municipality", "postcodes"]

    bad = form | {"service_postcodes": "8200 82x"}
    page = client.post(f"/tilbud/{ventilen.pk}/rediger/", bad).content.decode()
    assert "is not a postcode (four digits)" in page
    none = form | {"service_postcodes": ""}
    page = client.post(f"/tilbud/{ventilen.pk}/rediger/", none).content.decode()
    assert "Give at least one postcode." in page
    # postcodes are dropped when the area is not a list of postcodes
    whole = form | {"service_area": "municipality"}
    assert client.post(f"/tilbud/{ventilen.pk}/rediger/", whole).status_code == 302
    ventilen.refresh_from_db()
    assert (ventilen.service_area, ventilen.service_postcodes) == ("municipality", "")


# --- HSDS --------------------------------------------------------------------------------------


def _service(pk) -> dict:
    return serialize.service(serialize.services_prefetched(Initiative.objects).get(pk=pk))


@pytest.mark.parametrize(
    ("area", "postcodes", "names"),
    [
        ("municipality", "", ["Aarhus Kommune"]),
        ("postcodes", "8000 8200", ["8000", "8200"]),
        ("anywhere", "", ["Anywhere, by phone or online"]),
        ("", "", None),
    ],
)
def test_the_area_exports_as_hsds_service_areas_and_imports_back(seeded, area, postcodes, names):
    ventilen = Initiative.objects.get(name="Ventilen")
    Initiative.objects.filter(pk=ventilen.pk).update(service_area=area, service_postcodes=postcodes)
    exported = _service(ventilen.pk)
    if names is None:
        assert "service_areas" not in exported
    else:
        assert [a["name"] for a in exported["service_areas"]] == names
        assert all(a["service_id"] == str(ventilen.pk) for a in exported["service_areas"])
        assert _service(ventilen.pk)["service_areas"] == exported["service_areas"]  # stable ids
    if names is not None:  # another area in between: the import sets it back
        other = "anywhere" if area == "municipality" else "municipality"
        Initiative.objects.filter(pk=ventilen.pk).update(service_area=other, service_postcodes="")
    hsds_import(exported)
    ventilen.refresh_from_db()
    assert (ventilen.service_area, ventilen.service_postcodes) == (area, postcodes)
    assert _service(ventilen.pk).get("service_areas") == exported.get("service_areas")


def test_a_foreign_service_area_is_kept_and_an_edit_wins(seeded):
    ventilen = Initiative.objects.get(name="Ventilen")
    exported = _service(ventilen.pk)
    foreign = [
        {
            "id": "0b3c2f7e-1d5a-4c8e-9f21-6a7b8c9d0e1f",
            "service_id": str(ventilen.pk),
            "name": "Kent",
            "extent_type": "text",
        }
    ]
    hsds_import(exported | {"service_areas": foreign})
    ventilen.refresh_from_db()
    assert ventilen.service_area == ""  # not ours to interpret
    assert _service(ventilen.pk)["service_areas"] == foreign
    Initiative.objects.filter(pk=ventilen.pk).update(service_area="anywhere")
    assert [a["name"] for a in _service(ventilen.pk)["service_areas"]] == [
        "Anywhere, by phone or online"
    ]


# --- the pocket guide and coverage ------------------------------------------------------------


def test_the_pocket_guide_for_a_postcode_uses_the_same_rule(seeded, tmp_path):
    _place(Initiative.objects.get(name="Ældre Sagens motionsordning"), "8200")
    selection = printing.pocket_guide_select(
        audience="elderly", postcode="8200", base_url="https://x.test", include_unconfirmed=True
    )
    names = [e.name for e in selection.entries]
    elderly_and_all = 13 + 3
    assert len(names) + selection.more_than_fit == elderly_and_all - 2  # not KLOSTER
    assert names[0] == "Ældre Sagens motionsordning"
    assert not KLOSTER & set(names) and not KLOSTER & {i.name for i in selection.left_out}
    html_text = pdf.pocket_guide_html(
        selection, base_url="https://x.test", language="en", large_print=False
    )
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf.to_pdf(html_text))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    text = " ".join(out.stdout.split())
    assert "Gaden 1, 8200 Aarhus" in text
    assert "Takes place in your home · For all of Aarhus Kommune" in text
    assert "Call to arrange · For all of Aarhus Kommune" in text


def test_coverage_counts_the_initiatives_serving_each_postcode(seeded):
    before = {r.key: r for r in coverage(None).postcodes}
    assert before["8000"].count == 40 and before["8200"].count == 38
    assert before["8000"].located == 0 and before["8000"].gap == "no_place_here"
    ventilen = Initiative.objects.get(name="Ventilen")
    Initiative.objects.filter(pk=ventilen.pk).update(service_area="")
    after = {r.key: r for r in coverage(None).postcodes}
    assert after["8200"].count == 37
    _place(ventilen, "8200")
    after = {r.key: r for r in coverage(None).postcodes}
    assert after["8200"].count == 38 and after["8200"].located == 1 and not after["8200"].gap
    Initiative.objects.update(service_area="")
    after = {r.key: r for r in coverage(None).postcodes}
    assert after["8000"].count == 0 and after["8000"].gap == "none_here"
    assert after["8200"].count == 1
