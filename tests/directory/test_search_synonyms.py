"""Search: the administrator's synonyms ("ensom, alene"), applied at query time."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from brobygger.directory import search, services
from brobygger.directory.models import Initiative, Synonym
from brobygger.directory.search import SearchParams, initiative_search


def names(text: str) -> set[str]:
    return {i.name for i in initiative_search(SearchParams(text=text))}


@pytest.fixture
def alone(seeded):
    """Café Vita described with "alene" (the seeded "Projekt Ensom Okay" has "ensom")."""
    cafe = Initiative.objects.get(name="Café Vita")
    services.initiative_update(
        initiative=cafe, user=None, fields={"description": "For dig, der sidder alene."}
    )
    return cafe


def test_it_finds_synonyms_in_both_directions(alone):
    assert names("ensom") == {"Projekt Ensom Okay"}
    assert names("alene") == {"Café Vita"}
    search.synonym_save(words="ensom, alene")
    assert names("ensom") == {"Projekt Ensom Okay", "Café Vita"}
    assert names("alene") == {"Projekt Ensom Okay", "Café Vita"}


def test_it_matches_synonyms_in_any_word_form(alone):
    search.synonym_save(words="ensom, alene")
    assert names("ensomme") == {"Projekt Ensom Okay", "Café Vita"}


def test_it_still_needs_every_word_of_the_query(alone):
    search.synonym_save(words="ensom, alene")
    assert names("alene projekt") == {"Projekt Ensom Okay"}
    assert names("alene café") == {"Café Vita"}


def test_it_applies_a_change_at_query_time_without_reindexing(alone):
    stems_before = dict(Initiative.objects.values_list("pk", "search_stems"))
    synonym = search.synonym_save(words="ensom, alene")
    assert "Café Vita" in names("ensom")
    search.synonym_save(synonym=synonym, words="ensom, isoleret")
    assert "Café Vita" not in names("ensom")
    search.synonym_save(synonym=synonym, words="ensom, alene")
    search.synonym_delete(synonym=synonym)
    assert names("ensom") == {"Projekt Ensom Okay"}
    assert dict(Initiative.objects.values_list("pk", "search_stems")) == stems_before


def test_it_does_not_chain_groups(alone):
    search.synonym_save(words="alene, solo")
    search.synonym_save(words="solo, ensom")
    assert "Café Vita" not in names("ensom")  # ensom ~ solo, solo ~ alene: not ensom ~ alene


def test_it_stores_the_words_checked_and_in_lower_case(db):
    synonym = search.synonym_save(words=" Ældre ;SENIOR,\nældre ")
    assert Synonym.objects.get(pk=synonym.pk).words == "ældre, senior"


@pytest.mark.parametrize(
    "words, problem",
    [
        ("ensom", "at least two"),
        ("ensom, ensomme", "at least two"),  # one word in two forms
        ("ensom, og", "leaves out"),
        ("ensom, helt alene", "one word per entry"),
        ("ensom, 60+", "one word per entry"),
    ],
)
def test_it_refuses_a_group_that_is_not_one_of_words(db, words, problem):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        search.synonym_save(words=words)
    assert list(caught.value.message_dict) == ["words"]
    assert problem in " ".join(caught.value.message_dict["words"])
    assert not Synonym.objects.exists()


def test_it_checks_the_words_when_saved_through_a_model_form(db):
    synonym = Synonym(words="Ensom,  ALENE")
    synonym.full_clean()
    assert synonym.words == "ensom, alene"
    with pytest.raises(ValidationError):
        Synonym(words="og, i").full_clean()


@pytest.mark.postgres
def test_both_code_paths_agree_on_synonyms_on_postgresql(alone):
    search.synonym_save(words="ensom, alene")
    published = Initiative.objects.filter(status=Initiative.Status.PUBLISHED)
    for text in ("ensom", "alene", "ensomme", "alene café"):
        terms = search.query_terms(text)
        by_vector = set(search.filter_by_vector(published, terms).values_list("id", flat=True))
        by_stems = set(search.filter_by_stems(published, terms).values_list("id", flat=True))
        assert by_vector == by_stems and by_vector, text
