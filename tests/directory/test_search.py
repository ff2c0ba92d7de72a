"""Search: Danish word forms, the filters, and schedules ("open now", "this week")."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from brobygger.directory import services
from brobygger.directory.models import Initiative
from brobygger.directory.selectors import SearchParams, initiative_search

CPH = ZoneInfo("Europe/Copenhagen")


def names(**params):
    return {i.name for i in initiative_search(SearchParams(**params))}


@pytest.fixture
def described(ventilen, people):
    return services.initiative_update(
        initiative=ventilen,
        user=people["editor"],
        fields={"description": "Et trygt fællesskab for unge, hvor vi spiser aftensmad sammen."},
        details={
            "address_1": "Mejlgade 10",
            "postal_code": "8000",
            "city": "Aarhus C",
            "languages": ["da", "en"],
            "weekdays": ["TU", "TH"],
            "opens_at": dt.time(17, 0),
            "closes_at": dt.time(20, 0),
        },
    )


def test_it_finds_word_forms_in_danish(described):
    assert "Ventilen" in names(text="fællesskaber")
    assert "Ventilen" in names(text="Fællesskabet")
    assert "Ventilen" not in names(text="skak")


def test_it_finds_by_classification_words(seeded):
    assert "Cykling uden alder" in names(text="sociale aktiviteter")
    assert "Mænds Mødesteder" in names(text="mødested")


def test_it_filters_by_the_age_the_range_admits(seeded):
    at_40 = names(age=40)
    assert "Mænds Mødesteder" in at_40  # 40+
    assert "Café Vita" in at_40  # 18+
    assert "Ventilen" not in at_40  # 16-29
    assert "Livslinien" in at_40  # all ages
    assert "Mænds Mødesteder" not in names(age=39)
    assert "Ventilen" in names(age=29)
    assert "Ventilen" not in names(age=30)


def test_it_filters_by_target_group_type_and_special_group(seeded):
    adults_meeting = names(target_group="adults_30_64", initiative_type="meeting_place")
    assert adults_meeting == {
        "Café Vita",
        "Solstrålen og Café Parasollen",
        "Det Blå Sted i Aarhus",
        "Solsikken",
        "Mænds Mødesteder",
        "Kvindehuset i Aarhus",
    }
    assert names(special_group="men") == {"Mænds Mødesteder"}


def test_it_filters_by_language_and_place(described):
    assert names(language="en") == {"Ventilen"}
    # A town name finds the places there; a postcode finds every initiative that serves it
    # (tests/directory/test_service_areas.py), those located there first.
    assert names(place="aarhus c") == {"Ventilen"}
    assert names(place="aarhus n") == set()
    assert next(iter(initiative_search(SearchParams(place="8000")))).name == "Ventilen"
    Initiative.objects.update(service_area="")
    assert names(place="8000") == {"Ventilen"}
    assert names(place="8200") == set()


def test_it_knows_what_is_open_now_and_this_week(described):
    tuesday_evening = dt.datetime(2026, 11, 24, 18, 30, tzinfo=CPH)
    tuesday_morning = dt.datetime(2026, 11, 24, 9, 0, tzinfo=CPH)
    wednesday = dt.datetime(2026, 11, 25, 18, 30, tzinfo=CPH)

    def open_at(when, moment):
        return {i.name for i in initiative_search(SearchParams(open=when), now=moment)}

    assert open_at("now", tuesday_evening) == {"Ventilen"}
    assert open_at("now", tuesday_morning) == set()
    assert open_at("now", wednesday) == set()
    assert open_at("week", wednesday) == {"Ventilen"}


def test_it_shows_only_published_initiatives(ventilen):
    Initiative.objects.filter(pk=ventilen.pk).update(status=Initiative.Status.DRAFT)
    assert "Ventilen" not in names()
    assert len(names()) == 39


def test_it_combines_text_with_filters(described):
    assert names(text="aftensmaden", age=20) == {"Ventilen"}
    assert names(text="aftensmaden", age=50) == set()


@pytest.mark.postgres
def test_it_uses_the_danish_full_text_index_on_postgresql(described):
    from django.db import connection

    qs = initiative_search(SearchParams(text="fællesskaber"))
    assert "Ventilen" in [i.name for i in qs]
    assert '"search_vector" @@ (' in str(qs.query) and "::tsquery" in str(qs.query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # 40 rows: make the planner show its hand
        cursor.execute(
            "EXPLAIN SELECT id FROM directory_initiative WHERE search_vector @@ %s::tsquery",
            ["'fællesskab'"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "directory_initiative_search_danish" in plan
