"""Search: Danish compound words ("gruppe" finds "Spisegrupper") and the word list behind them.

The splitting itself is tested over small word lists written here; the search over the seeded
directory with descriptions written here, on whichever database the suite runs (SQLite by
default, PostgreSQL with DATABASE_URL), and on PostgreSQL both code paths are compared id by id.
"""

from __future__ import annotations

import pytest

from brobygger.directory import search, services
from brobygger.directory.models import Initiative
from brobygger.directory.search import SearchParams, initiative_search
from brobygger.lib import compounds
from brobygger.lib.stemming import STOP_WORDS, snowball, stem_document


def lexicon(words, open_heads=()):
    return compounds.Lexicon(list(words) + list(open_heads), open_heads, snowball)


def names(text: str) -> set[str]:
    return {i.name for i in initiative_search(SearchParams(text=text))}


# --- splitting -------------------------------------------------------------------------------


def test_it_splits_a_compound_into_known_first_parts_and_a_head_in_any_form():
    lex = lexicon(["spise", "besøg", "ven", "liv", "livsmod"], open_heads=["gruppe"])
    assert lex.split("spisegrupper") == compounds.Split(("spise",), ("spise",), "grupper", "grup")
    assert lex.split("besøgsvennerne").parts == ("besøgs",)  # the linking "s" kept
    assert lex.split("besøgsvennerne").lemmas == ("besøg",)
    assert lex.split("livsmodsgrupper").parts == ("livsmods",)


def test_it_gives_a_compound_and_its_inflections_the_same_stem():
    lex = lexicon(["besøg", "ven"])
    # Snowball alone stems these two differently: the split repairs it.
    assert snowball("besøgsven") != snowball("besøgsvenner")
    assert lex.stem("besøgsven") == lex.stem("besøgsvenner") == lex.stem("besøgsvennen")


def test_it_lets_only_an_open_head_follow_an_unknown_first_part():
    lex = lexicon(["hus", "kvinde"], open_heads=["gruppe"])
    assert lex.split("strikkegruppen").head_stem == "grup"
    assert lex.split("kvindehuset").head_stem == "hus"
    assert lex.split("aarhus") is None  # "aar" is no word of the list
    assert lex.split("cyberhus") is None


def test_it_prefers_the_longest_head():
    lex = lexicon(["ældre", "sorg", "omsorg"])
    assert lex.split("ældreomsorg").head == "omsorg"


def test_it_leaves_short_and_numeric_words_whole():
    lex = lexicon(["gå", "tur"], open_heads=["gruppe"])
    assert lex.split("tur") is None
    assert lex.split("60gruppe") is None
    assert lex.split("gåture").parts == ("gå",)


def test_it_indexes_the_head_the_compounds_it_ends_in_and_the_known_first_parts():
    lex = lexicon(["aften", "spise"], open_heads=["gruppe"])
    assert lex.index_stems("aftenspisegrupperne") == {
        "aftenspisegrup",
        "spisegrup",
        "grup",
        "aft",  # Snowball's stem of "aften"
        "spis",
    }


def test_it_gives_the_parts_of_a_compound_of_known_words_only():
    lex = lexicon(["gå", "tur", "spise"], open_heads=["gruppe"])
    assert lex.part_stems("gåture") == ("gå", "tur")
    assert lex.part_stems("spisegrupperne") == ("spis", "grup")
    assert lex.part_stems("strikkegruppe") is None  # "strikke" is not in this list
    assert lex.part_stems("turen") is None


def test_it_ships_a_word_list_without_stop_words_or_risky_open_heads():
    words, open_heads = compounds.read_word_list()
    assert len(words) == len(set(words)) > 50
    assert not set(words) & STOP_WORDS  # the search never looks those up
    # words that end unrelated words ("signatur", "omsorg", "forældre", "Aarhus") stay closed
    assert not {"natur", "sorg", "ældre", "hus", "tur", "ven"} & set(open_heads)
    assert {"gruppe", "tjeneste", "forening"} <= set(open_heads)


def test_it_keeps_unsplit_words_as_snowball_stems():
    assert stem_document("Ventilen Aarhus") == " aarhus ventil "


# --- the search over the seeded directory ----------------------------------------------------


@pytest.fixture
def walks_and_visits(seeded):
    """Two seeded initiatives given descriptions in the words of the home page."""
    motion = Initiative.objects.get(name="Ældre Sagens motionsordning")
    visits = Initiative.objects.get(name="Besøgstjenesten Røde Kors")
    services.initiative_update(
        initiative=motion, user=None, fields={"description": "Gåture i Riis Skov hver tirsdag."}
    )
    services.initiative_update(
        initiative=visits, user=None, fields={"description": "Frivillige besøgsvenner kommer."}
    )
    return motion, visits


def test_it_finds_group_words_inside_compounds(seeded):
    found = names("gruppe")
    assert {"Spisegrupper", "Selvhjælpsgrupper Aarhus"} <= found
    assert "Ventilen" not in found


def test_it_finds_the_visiting_services_by_tjeneste(seeded):
    found = names("tjeneste")
    assert {
        "Besøgstjenesten Røde Kors",
        "Ældre Sagens Besøgstjeneste",
        "Besøgstjenester under kirkerne i Aarhus",
    } <= found
    assert "Livslinien" not in found


def test_it_finds_walks_and_visiting_friends_in_any_form(walks_and_visits):
    assert names("gåtur") == {"Ældre Sagens motionsordning"}
    assert names("gåture") == {"Ældre Sagens motionsordning"}
    assert names("tur") == {"Ældre Sagens motionsordning"}
    assert names("besøgsven") == {"Besøgstjenesten Røde Kors"}
    assert names("besøgsvennen") == {"Besøgstjenesten Røde Kors"}
    assert names("venner") == {"Besøgstjenesten Røde Kors"}  # the head of "besøgsvenner"


def test_it_finds_a_compound_by_all_of_its_parts(seeded):
    cycling = Initiative.objects.get(name="Cykling uden alder")
    services.initiative_update(
        initiative=cycling, user=None, fields={"description": "Gåklubben går en tur hver uge."}
    )
    assert names("gåture") == {"Cykling uden alder"}  # "gå" (Gåklubben) and "tur"
    assert names("besøgsven") == set()
    assert names("gåklub") == {"Cykling uden alder"}


def test_it_still_needs_whole_words(walks_and_visits):
    assert "Ventilen" not in names("ven")  # "ven" is a word, not a prefix
    assert names("gå tur") == {"Ældre Sagens motionsordning"}  # both words are in "gåture"
    assert names("skov tur") == {"Ældre Sagens motionsordning"}
    assert names("skov besøgsven") == set()


def test_it_reindexes_stems_made_before_the_compound_split(seeded):
    spise = Initiative.objects.get(name="Spisegrupper")
    Initiative.objects.filter(pk=spise.pk).update(search_stems=" spisegrup ")
    search.vectors_refresh(Initiative.objects.filter(pk=spise.pk))
    assert "Spisegrupper" not in names("gruppe")
    assert search.reindex_stems(Initiative) == 1
    assert "Spisegrupper" in names("gruppe")


def test_it_reindexes_from_the_command_line(seeded):
    from typer.testing import CliRunner

    from brobygger.cli import app

    Initiative.objects.filter(name="Spisegrupper").update(search_stems=" spisegrup ")
    result = CliRunner().invoke(app, ["directory", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Re-indexed 1 of 40 initiatives." in result.output
    assert "Spisegrupper" in names("gruppe")


def test_it_keeps_the_sqlite_index_a_text_search_scans(db):
    """Made by migration 0007 outside the model's Meta (PostgreSQL cannot b-tree long text);
    a later migration that rebuilds the table on SQLite would drop it: re-create it then."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM directory_initiative "
            "WHERE status = 'published' AND NOT is_example AND search_stems LIKE '% grup %'"
        )
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "COVERING INDEX directory_initiative_search_stems_sqlite" in plan


@pytest.mark.postgres
def test_both_code_paths_agree_on_compounds_on_postgresql(walks_and_visits):
    published = Initiative.objects.filter(status=Initiative.Status.PUBLISHED)
    for text in ("gruppe", "tjeneste", "gåtur", "tur", "besøgsven", "spise", "hus", "gå tur"):
        terms = search.query_terms(text)
        by_vector = set(search.filter_by_vector(published, terms).values_list("id", flat=True))
        by_stems = set(search.filter_by_stems(published, terms).values_list("id", flat=True))
        assert by_vector == by_stems and by_vector, text
