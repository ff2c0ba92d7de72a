"""Search finds the same initiatives on SQLite and on PostgreSQL.

The expected names below were read off the 2015 mapping (seed/initiatives_2015.csv) and the
taxonomy's term names by hand, not computed by the search code. The suite runs on both
databases (`make test` on SQLite, CI on PostgreSQL), and on PostgreSQL a second test also runs
every query through both code paths (the indexed tsvector and the portable stem column) and
compares the ids.
"""

from __future__ import annotations

import pytest

from brobygger.directory import search
from brobygger.directory.models import Initiative
from brobygger.directory.selectors import SearchParams, initiative_search
from brobygger.lib.stemming import stems

ELDERLY = {
    "Ældre Sagens Sorg- og Livsmodsgrupper",
    "Besøgstjenesten Røde Kors",
    "Ældre Sagens Besøgstjeneste",
    "Besøgstjenester under kirkerne i Aarhus",
    "Ældre Sagens Tryghedsopkald",
    "Venskabsforeningen for ældre danskere og indvandrere",
    "Club 60+",
    "Cykling uden alder",
    "Spisegrupper",
    "Ældre Sagens Ledsagerordning",
    "Ældre Sagens motionsordning",
    "Lokalcentrene i Aarhus Kommune",
    "KlostergadeCentret",
}
MEETING_PLACES = {
    "Plexus, Ungdommens Røde Kors",
    "Ventilen",
    "Bazen",
    "Ungezonen",
    "Café Husrum",
    "Café Vita",
    "Solstrålen og Café Parasollen",
    "Det Blå Sted i Aarhus",
    "Solsikken",
    "Mænds Mødesteder",
    "Kvindehuset i Aarhus",
    "KlosterCaféen",
}
ELDRE_SAGEN = {n for n in ELDERLY if n.startswith("Ældre Sagens")}
AARHUS = {
    "Selvhjælpsgrupper Aarhus",
    "Det Blå Sted i Aarhus",
    "Kvindehuset i Aarhus",
    "Besøgstjenester under kirkerne i Aarhus",
    "Lokalcentrene i Aarhus Kommune",
}

# The type "Mentorer, selvhjælpsgrupper og rådgivning" (lines 13-16 and 24-26 of the mapping) and
# the names ending in "-grupper"; the type "Besøgstjenester og tryghedsopkald" (lines 27-30).
GROUPS = {
    "Studenterrådgivningen",
    "Ungekontakten",
    "Young Connect",
    "Selvhjælpsgrupper Aarhus",
    "Muhabet",
    "Bydelsmødrene",
    "Ældre Sagens Sorg- og Livsmodsgrupper",
    "Spisegrupper",
}
VISITING = {
    "Besøgstjenesten Røde Kors",
    "Ældre Sagens Besøgstjeneste",
    "Besøgstjenester under kirkerne i Aarhus",
    "Ældre Sagens Tryghedsopkald",
}

EXPECTED = {
    "og": set(),  # a stop word only: no word left to look for
    "ven": set(),  # whole words only: not a prefix of Ventilen or Venskabsforeningen
    "ventilen": {"Ventilen"},
    "VENTIL": {"Ventilen"},  # another form of the same word, any case
    "og ventilen": {"Ventilen"},  # the stop word is left out, not required
    "ventilen aarhus": set(),  # every word must match
    "Røde Kors": {"Plexus, Ungdommens Røde Kors", "Besøgstjenesten Røde Kors"},
    "aarhus": AARHUS,
    "ældre": ELDERLY,  # the target group's name "Ældre (60+ år)"
    "ÆLDRE SAGEN": ELDRE_SAGEN,
    "60": ELDERLY,
    "blå": {"Det Blå Sted i Aarhus"},
    "mænd": {"Mænds Mødesteder"},
    "kvinder": {"Girltalk.dk", "Kvindehuset i Aarhus"},  # the special group "Kvinder"
    "mødested": MEETING_PLACES,  # the type "Mødesteder, væresteder og caféer"
    "café": MEETING_PLACES,
    "sorg": {"Ældre Sagens Sorg- og Livsmodsgrupper"},
    "Cykling uden alder": {"Cykling uden alder"},
    "ensom": {"Projekt Ensom Okay"},
    # Danish compound words: found by their last part, in any form
    "gruppe": GROUPS,
    "grupperne": GROUPS,
    "tjeneste": VISITING,
    "besøgstjeneste": VISITING,
    "spisegruppe": {"Spisegrupper"},
    "spise": {"Spisegrupper"},  # a known first part
    "hus": {"Kvindehuset i Aarhus", "Café Husrum"},  # not "Aarhus", "Cyberhus": unknown first part
    "forening": {"Venskabsforeningen for ældre danskere og indvandrere", "Alzheimerforeningen"},
}


def _names(text: str) -> set[str]:
    return {i.name for i in initiative_search(SearchParams(text=text))}


@pytest.mark.parametrize("text", sorted(EXPECTED))
def test_it_finds_what_the_mapping_says_on_this_database(seeded, text):
    assert _names(text) == EXPECTED[text]


def test_it_treats_a_query_of_stop_words_alone_as_finding_nothing(seeded):
    assert stems("og i det at") == []
    assert _names("og i det at") == set()


def test_it_splits_words_on_underscores_and_punctuation_alike(seeded):
    assert stems("ventilen_aarhus") == stems("ventilen, aarhus") == ["ventil", "aarhus"]


@pytest.mark.postgres
def test_both_code_paths_give_the_same_ids_on_postgresql(seeded):
    """The indexed tsvector and the portable stem column (what SQLite uses) agree, id by id."""
    published = Initiative.objects.filter(status=Initiative.Status.PUBLISHED)
    for text, expected in EXPECTED.items():
        query = search.query_terms(text)
        if not query:  # no word to look for: text_filter returns nothing on both databases
            continue
        by_vector = set(search.filter_by_vector(published, query).values_list("id", flat=True))
        by_stems = set(search.filter_by_stems(published, query).values_list("id", flat=True))
        assert by_vector == by_stems, text
        assert {i.name for i in Initiative.objects.filter(id__in=by_vector)} == expected, text


# A postcode finds every initiative that serves it (directory/service_areas.py): the seed's
# areas come from the report (seed/README.md), by hand: all 40 serve 8000; 8200 leaves out the two
# named after Klostergade (8000 Aarhus C); outside Aarhus Kommune only the 8 phone and online lines.
PHONE_AND_ONLINE = {
    "Girltalk.dk",
    "UngPåLinje og UngOnLine",
    "Headspace",
    "Børns Vilkårs Rådgivning",
    "Cyberhus",
    "Projekt Ensom Okay",
    "Linien",
    "Livslinien",
}
BY_POSTCODE = {
    ("8000", "café"): MEETING_PLACES,
    ("8200", "café"): MEETING_PLACES - {"KlosterCaféen"},
    ("9000", "café"): set(),
    ("9000", ""): PHONE_AND_ONLINE,
    ("8200", "ældre"): ELDERLY - {"KlostergadeCentret"},
}


@pytest.mark.parametrize(("postcode", "text"), sorted(BY_POSTCODE))
def test_a_postcode_finds_what_serves_it_on_this_database(seeded, postcode, text):
    found = list(initiative_search(SearchParams(place=postcode, text=text)))
    assert {i.name for i in found} == BY_POSTCODE[(postcode, text)]
    assert len(found) == len({i.pk for i in found})  # each once
