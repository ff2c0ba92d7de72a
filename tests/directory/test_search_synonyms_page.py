"""The administrator's page for the search's synonyms (/administration/synonymer/)."""

from __future__ import annotations

import pytest
from django.utils import translation

from brobygger.directory import search
from brobygger.directory.models import Synonym

URL = "/administration/synonymer/"


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff", "broker", "analyst", "editor"])
def test_it_shows_the_page_to_administrators_only(client, people, role):
    if people[role]:
        client.force_login(people[role])
    response = client.get(URL)
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert client.post(URL, {"words": "ensom, alene"}).status_code in (302, 403)
    assert not Synonym.objects.exists()


def test_it_adds_a_group_that_the_next_search_uses(client, people):
    client.force_login(people["administrator"])
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"words": "Ensom, ALENE"})
    assert response.status_code == 302
    assert list(Synonym.objects.values_list("words", flat=True)) == ["ensom, alene"]
    assert "ensom, alene" in client.get(URL).content.decode()
    assert client.get("/tilbud/", {"q": "alene"}).status_code == 200
    assert search.query_terms("alene") == [frozenset({("ensom",), ("alen",)})]


def test_it_names_the_problem_and_keeps_the_list(client, people):
    search.synonym_save(words="ældre, senior")
    client.force_login(people["administrator"])
    client.cookies["django_language"] = "en"  # the page is Danish by default
    with translation.override("en"):
        response = client.post(URL, {"words": "ensom, helt alene"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "one word per entry" in response.content.decode()
    assert list(Synonym.objects.values_list("words", flat=True)) == ["ældre, senior"]


def test_it_changes_and_deletes_a_group(client, people):
    synonym = search.synonym_save(words="ensom, alene")
    client.force_login(people["administrator"])
    edit = f"{URL}{synonym.pk}/"
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"words": "ensom, isoleret"}).status_code == 302
    assert Synonym.objects.get().words == "ensom, isoleret"
    assert client.get(f"{edit}slet/").status_code == 405  # deleting takes a POST
    assert client.post(f"{edit}slet/").status_code == 302
    assert not Synonym.objects.exists()


def test_it_lets_no_one_else_change_or_delete(client, people):
    synonym = search.synonym_save(words="ensom, alene")
    client.force_login(people["editor"])
    assert client.post(f"{URL}{synonym.pk}/", {"words": "x, y"}).status_code == 403
    assert client.post(f"{URL}{synonym.pk}/slet/").status_code == 403
    assert Synonym.objects.get().words == "ensom, alene"
