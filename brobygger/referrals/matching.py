"""Which initiatives fit a citizen, and in what order: one plain function over plain data, so
the rules can be read (and tested) without a database.

An initiative aimed at a group (its special target groups, or one sex, as a women's house is)
is suggested only when the case tells us the citizen belongs to it. Every other initiative open
to the citizen's age is ranked by what it shares with them:

=================  =====  ===================================================================
reason             score  when
=================  =====  ===================================================================
special_group        3    the initiative is aimed at a group the citizen belongs to
language             3    a language other than Danish that the citizen prefers is spoken there
age                  2    its age range is set and holds the whole of the citizen's age group
                     1    it is open to all ages (no range)
postcode             2    it meets in the citizen's postcode
area                 1    ... or in a postcode with the same first two digits
interests            n    n words of the citizen's interests are found in its description
=================  =====  ===================================================================

Ties go by name. What the case knows: the age group, the special group the broker recorded
(men and women are such groups, so the sex counts only when it is recorded), the preferred
language, the postcode and the interests (as stems).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from brobygger.referrals.models import AGE_BAND_RANGES

# Initiatives for one sex that do not say so in their taxonomy terms often do in their name.
_FOR_WOMEN = re.compile(r"\bkvind|\bpiger?\b|\bwomen\b", re.IGNORECASE)
_FOR_MEN = re.compile(r"\bmænd|\bmands?\b|\bdrenge?\b", re.IGNORECASE)
# A citizen who prefers another language than Danish may be offered initiatives for ethnic
# minorities (they are not suggested to anyone else).
MINORITY_GROUP = "ethnic_minorities"


@dataclass(frozen=True)
class Person:
    """What a case knows about the citizen, for matching."""

    age_band: str = ""
    groups: frozenset[str] = frozenset()  # special target group codes that apply
    language: str = ""
    postcode: str = ""
    interest_stems: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Offer:
    """What matching reads of an initiative."""

    key: object
    name: str
    minimum_age: int | None = None
    maximum_age: int | None = None
    special_groups: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()
    stems: str = ""


@dataclass
class Fit:
    offer: Offer
    score: int
    reasons: list[str] = field(default_factory=list)


def aimed_at(offer: Offer) -> frozenset[str]:
    """The groups an initiative is only for: its special groups, and a sex its name names."""
    groups = set(offer.special_groups)
    if _FOR_WOMEN.search(offer.name):
        groups.add("women")
    if _FOR_MEN.search(offer.name):
        groups.add("men")
    return frozenset(groups)


def person_groups(person: Person) -> frozenset[str]:
    groups = set(person.groups)
    if person.language and person.language != "da":
        groups.add(MINORITY_GROUP)
    return frozenset(groups)


def _age_reason(person: Person, offer: Offer) -> tuple[bool, int]:
    """(open to the age group?, age score)."""
    if offer.minimum_age is None and offer.maximum_age is None:
        return True, 1
    if not person.age_band:
        return True, 0
    low, high = AGE_BAND_RANGES[person.age_band]
    lowest = offer.minimum_age if offer.minimum_age is not None else 0
    highest = offer.maximum_age if offer.maximum_age is not None else 200
    if lowest > high or highest < low:
        return False, 0
    return True, 2 if lowest <= low and highest >= high else 0


def fit(person: Person, offer: Offer) -> Fit | None:
    """How well ``offer`` fits ``person``; None when it must not be suggested to them."""
    only_for = aimed_at(offer)
    shared = only_for & person_groups(person)
    if only_for and not shared:
        return None
    open_to_age, age_score = _age_reason(person, offer)
    if not open_to_age:
        return None
    result = Fit(offer, 0)

    def add(points: int, reason: str) -> None:
        result.score += points
        result.reasons.append(reason)

    if shared:
        add(3, "special_group")
    if person.language and person.language != "da" and person.language in offer.languages:
        add(3, "language")
    if age_score:
        add(age_score, "age")
    if person.postcode and person.postcode in offer.postcodes:
        add(2, "postcode")
    elif person.postcode and any(p[:2] == person.postcode[:2] for p in offer.postcodes if p):
        add(1, "area")
    document = f" {offer.stems} "
    hits = [s for s in person.interest_stems if f" {s}" in document]
    if hits:
        add(len(hits), "interests")
    return result


def rank(person: Person, offers: Iterable[Offer], *, limit: int = 8) -> list[Fit]:
    """The offers that may be suggested to ``person``, best fit first (ties by name)."""
    fits = [f for f in (fit(person, offer) for offer in offers) if f is not None]
    fits.sort(key=lambda f: (-f.score, f.offer.name.casefold()))
    return fits[:limit]
