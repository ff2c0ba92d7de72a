"""Suggestions ranked by fit (issue 12): an initiative for a special group or one sex is
suggested only to a citizen who belongs to it; the others are ranked by age, interests,
language and distance."""

from __future__ import annotations

import pytest

from brobygger.directory.models import TaxonomyTerm
from brobygger.referrals import selectors, services
from brobygger.referrals.matching import Offer, Person, aimed_at, fit, rank
from tests.referrals.conftest import citizen

WOMENS_HOUSE = Offer(key=1, name="Kvindehuset", minimum_age=30, maximum_age=64)
MENS_PLACE = Offer(key=2, name="Mødested", special_groups=frozenset({"men"}))
CAFE = Offer(key=3, name="Café for alle", postcodes=frozenset({"8000"}), stems="kaff brætspil")
YOUTH = Offer(key=4, name="Ungecafé", minimum_age=16, maximum_age=29, postcodes=frozenset({"8210"}))


def test_it_reads_the_sex_an_initiative_is_for_from_its_terms_or_its_name():
    assert aimed_at(WOMENS_HOUSE) == {"women"}
    assert aimed_at(MENS_PLACE) == {"men"}
    assert aimed_at(Offer(key=5, name="Mænds Mødesteder")) == {"men"}
    assert aimed_at(Offer(key=6, name="Mandagscafé")) == frozenset()
    assert aimed_at(CAFE) == frozenset()


def test_it_suggests_a_womens_house_only_to_a_woman():
    man = Person(age_band="30-44", groups=frozenset({"men"}))
    woman = Person(age_band="30-44", groups=frozenset({"women"}))
    unknown = Person(age_band="30-44")
    assert fit(man, WOMENS_HOUSE) is None
    assert fit(unknown, WOMENS_HOUSE) is None
    assert fit(woman, WOMENS_HOUSE).reasons == ["special_group", "age"]
    assert [f.offer.name for f in rank(man, [WOMENS_HOUSE, MENS_PLACE, CAFE])] == [
        "Mødested",
        "Café for alle",
    ]


def test_it_offers_minority_initiatives_to_someone_preferring_another_language():
    offer = Offer(
        key=7,
        name="Kvarterscafé",
        special_groups=frozenset({"ethnic_minorities"}),
        languages={"ar"},
    )
    assert fit(Person(language="da"), offer) is None
    assert fit(Person(language="ar"), offer).reasons == ["special_group", "language", "age"]


def test_it_leaves_out_initiatives_outside_the_age_group_and_ranks_a_close_fit_first():
    older = Person(age_band="60-74", postcode="8000")
    assert fit(older, YOUTH) is None
    assert fit(older, CAFE).reasons == ["age", "postcode"]
    # near the café and fond of board games: the café before the youth café
    player = Person(age_band="16-29", postcode="8000", interest_stems=frozenset({"brætspil"}))
    assert fit(player, CAFE).reasons == ["age", "postcode", "interests"]
    assert [f.offer.name for f in rank(player, [YOUTH, CAFE])] == ["Café for alle", "Ungecafé"]
    # living by the youth café (8210; 8200 is the same area): the youth café first
    near = Person(age_band="16-29", postcode="8200")
    assert fit(near, YOUTH).reasons == ["age", "area"]
    assert [f.offer.name for f in rank(near, [CAFE, YOUTH])] == ["Ungecafé", "Café for alle"]


def test_it_ranks_ties_by_name_and_stops_at_the_limit():
    offers = [Offer(key=n, name=name) for n, name in enumerate(["b", "C", "a"])]
    assert [f.offer.name for f in rank(Person(), offers, limit=2)] == ["a", "b"]


@pytest.mark.django_db
def test_it_never_suggests_the_womens_house_to_a_man_on_the_case_page(people2, client):
    men = TaxonomyTerm.objects.get(taxonomy__code="special_group", code="men")
    women = TaxonomyTerm.objects.get(taxonomy__code="special_group", code="women")
    arena = people2["staff"].arena_memberships.get().arena

    def case_of(name, group):
        case, _ = services.referral_submit(
            user=people2["staff"],
            arena=arena,
            citizen_fields=citizen(name, age_band="45-59", special_group=group),
            consent=services.ConsentGiven(),
        )
        return case

    him, her = case_of("Hans", men), case_of("Hanne", women)
    his = [s.initiative.name for s in selectors.suggestions(him, limit=100)]
    hers = [s.initiative.name for s in selectors.suggestions(her, limit=100)]
    assert "Kvindehuset i Aarhus" not in his and "Mænds Mødesteder" in his
    assert "Kvindehuset i Aarhus" in hers and "Mænds Mødesteder" not in hers
    assert hers[0] == "Kvindehuset i Aarhus"
    client.force_login(people2["broker"])
    page = client.get(f"/formidler/sag/{him.pk}/").content.decode()
    assert "Mænds Mødesteder" in page and "Kvindehuset" not in page
