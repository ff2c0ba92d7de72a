"""Search of the directory: indexing, query words, synonyms and the search selector, for both
databases, so SQLite and PostgreSQL find the same initiatives for the same words.

Both the text of an initiative and a query become Danish stems in Python
(``brobygger.lib.stemming``): lower-case words of letters and digits, stop words left out,
Snowball stems, and compound words split over a curated word list (``lib/compounds.py``):
"Spisegrupper" is indexed as "spisegrup", "grup" and "spis", so "gruppe" finds it. SQLite
matches whole stems in the space-delimited ``search_stems`` column; PostgreSQL keeps the same
stems as the GIN-indexed ``search_vector`` (``array_to_tsvector``: the lexemes are taken as they
are, not re-parsed) and matches a ``tsquery`` built from the same query terms.

Every word of a query must match, as a whole stem: "ven" does not find "Ventilen", and "og"
finds nothing. A word matches its own stem or the stem of any word the administrator listed as
meaning the same (``Synonym``); synonyms are read at query time, so an edit takes effect at once
without re-indexing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.lib.stemming import STOP_WORDS, part_stems, stem_document, stems, word_stem, words

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
OPEN_NOW = "now"
OPEN_THIS_WEEK = "week"
SEARCH_COLUMNS = ("search_document", "search_stems", "search_vector")

# A query: for each word, the alternatives that satisfy it, each a set of stems that must all be
# there: its own stem, its synonyms' stems, and for a compound of known words all of its parts.
Terms = list[frozenset[tuple[str, ...]]]


@dataclass(frozen=True)
class SearchParams:
    """What a citizen or staff member asks the directory for. Empty means 'any'."""

    text: str = ""
    age: int | None = None
    target_group: str = ""
    initiative_type: str = ""
    special_group: str = ""
    language: str = ""
    place: str = ""
    open: str = ""


# --- indexing --------------------------------------------------------------------------------


def search_text_for(initiative) -> str:
    """Everything a person might search for: names, descriptions, classification, places."""
    parts = [
        initiative.name,
        initiative.alternate_name,
        initiative.description,
        initiative.first_visit,
        initiative.eligibility_description,
        initiative.organization.name,
    ]
    terms = list(initiative.target_groups.all()) + list(initiative.special_groups.all())
    if initiative.initiative_type_id:
        terms.append(initiative.initiative_type)
    for term in terms:
        parts += [term.name_da, term.name_en]
    for sal in initiative.service_at_locations.select_related("location"):
        parts += [sal.location.name, sal.location.city, sal.location.postal_code]
    return " ".join(p for p in parts if p)


def _vector_of_stems():
    """SQL: the tsvector of the ``search_stems`` column, its stems taken verbatim."""
    as_array = Func(
        Func(F("search_stems"), function="btrim"), Value(" "), function="string_to_array"
    )
    return Func(as_array, function="array_to_tsvector")


def index(initiative) -> None:
    """Recompute an initiative's search columns (both databases' forms) from its data."""
    from brobygger.directory.models import Initiative

    document = search_text_for(initiative)
    initiative.search_document = document
    initiative.search_stems = stem_document(document)
    rows = Initiative.objects.filter(pk=initiative.pk)
    rows.update(search_document=document, search_stems=initiative.search_stems)
    vectors_refresh(rows)


def reindex_stems(model) -> int:
    """Re-stem every initiative's stored search text (after the stemmer or the compound word
    list changed); ``model`` is the Initiative model (a migration passes its historical one)."""
    changed = 0
    for pk, document, old in model.objects.values_list("pk", "search_document", "search_stems"):
        new = stem_document(document)
        if new != old:
            model.objects.filter(pk=pk).update(search_stems=new)
            changed += 1
    if connection.vendor == "postgresql":
        model.objects.update(search_vector=_vector_of_stems())
    return changed


def vectors_refresh(queryset) -> int:
    """PostgreSQL: rebuild the indexed vectors of these initiatives from their stems."""
    if connection.vendor != "postgresql":
        return 0
    return queryset.update(search_vector=_vector_of_stems())


# --- synonyms --------------------------------------------------------------------------------


def synonym_words(text: str) -> list[str]:
    """The words of a synonym group as the administrator typed them ("ensom, alene"),
    checked: one word per entry, no stop word, at least two words of different meaning."""
    entries = [e.strip().lower() for e in text.replace(";", ",").replace("\n", ",").split(",")]
    entries = list(dict.fromkeys(e for e in entries if e))
    for entry in entries:
        if stems(entry) != [word_stem(entry)] or len(entry.split()) != 1:
            if entry in STOP_WORDS:
                message = _("“%(word)s” is a word the search leaves out (like “og”).")
            else:
                message = _("“%(word)s”: write one word per entry, separated by commas.")
            raise ValidationError({"words": message % {"word": entry}})
    if len({word_stem(e) for e in entries}) < 2:
        raise ValidationError(
            {"words": _("Give at least two different words, separated by commas.")}
        )
    return entries


def synonym_save(*, words: str, synonym=None):
    """Create or change a synonym group; the words are stored checked and normalised."""
    from brobygger.directory.models import Synonym

    synonym = synonym or Synonym()
    synonym.words = ", ".join(synonym_words(words))
    synonym.save()
    return synonym


def synonym_delete(*, synonym) -> None:
    synonym.delete()


def synonym_groups() -> list[frozenset[str]]:
    """The administrator's synonym groups, each as the stems of its words."""
    from brobygger.directory.models import Synonym

    groups = []
    for listed in Synonym.objects.values_list("words", flat=True):
        group = frozenset(word_stem(w.strip()) for w in listed.split(",") if w.strip())
        if len(group) > 1:
            groups.append(group)
    return groups


def query_terms(text: str, groups: list[frozenset[str]] | None = None) -> Terms:
    """For each distinct (non-stop) word of ``text``, what satisfies it: its stem, a synonym's
    stem, or (a compound of known words) all of its parts: "gåture" is found by "gåtur" and by
    "gå" with "tur" ("Gåklubben: vi går en tur")."""
    groups = synonym_groups() if groups is None else groups
    terms: Terms = []
    for word in sorted(set(words(text))):
        stem = word_stem(word)
        alternatives = {(stem,)}
        for group in groups:
            if stem in group:
                alternatives |= {(s,) for s in group}
        parts = part_stems(word)
        if parts:
            alternatives.add(tuple(sorted(set(parts))))
        if frozenset(alternatives) not in terms:
            terms.append(frozenset(alternatives))
    return terms


# --- matching, on each database --------------------------------------------------------------


def _quoted(stem: str) -> str:
    return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(terms: Terms) -> str:
    """``('a' | ('b' & 'c')) & 'd'``: tsquery input, each lexeme quoted so it is taken as it
    is."""

    def alternative(stems: tuple[str, ...]) -> str:
        return "(" + " & ".join(_quoted(s) for s in stems) + ")"

    return " & ".join("(" + " | ".join(alternative(a) for a in sorted(t)) + ")" for t in terms)


def filter_by_stems(qs: QuerySet, terms: Terms) -> QuerySet:
    """Initiatives whose ``search_stems`` satisfy every term (works on any database)."""
    for alternatives in terms:
        condition = Q()
        for stems_all in sorted(alternatives):
            every = Q()
            for stem in stems_all:
                every &= Q(search_stems__contains=f" {stem} ")
            condition |= every
        qs = qs.filter(condition)
    return qs


class _Matches(Func):
    """``vector @@ query``, with the query as given (Django's lookup would re-parse it)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def filter_by_vector(qs: QuerySet, terms: Terms) -> QuerySet:
    """PostgreSQL: the same condition on the GIN-indexed ``search_vector``."""
    query = Cast(Value(_tsquery(terms)), output_field=SearchQueryField())
    return qs.filter(_Matches(F("search_vector"), query))


def text_filter(qs: QuerySet, text: str) -> QuerySet:
    """Initiatives matching every non-stop word of ``text``; none when no word is left."""
    terms = query_terms(text)
    if not terms:
        return qs.none()
    if connection.vendor == "postgresql":
        return filter_by_vector(qs, terms)
    return filter_by_stems(qs, terms)


# --- the search selector ---------------------------------------------------------------------


def _with_listing_data(qs: QuerySet) -> QuerySet:
    """What a result list shows, without the (wide) search columns."""
    return (
        qs.defer(*SEARCH_COLUMNS)
        .select_related("organization", "initiative_type")
        .prefetch_related("target_groups", "special_groups", "service_at_locations__location")
    )


def _schedule_condition(when: str, now: dt.datetime) -> Q | None:
    """Which schedules are open ``now`` or at some point this (Monday-to-Sunday) week."""
    local = timezone.localtime(now)
    today = local.date()
    valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    if when == OPEN_NOW:
        t = local.time()
        return (
            valid
            & Q(byday__contains=WEEKDAYS[today.weekday()])
            & Q(opens_at__lte=t)
            & Q(closes_at__gt=t)
        )
    if when == OPEN_THIS_WEEK:
        monday = today - dt.timedelta(days=today.weekday())
        week_days = [monday + dt.timedelta(days=i) for i in range(7)]
        monthly = Q()
        for day in week_days:
            monthly |= Q(bymonthday__regex=rf"(^|,){day.day}(,|$)")
        return valid & (
            Q(freq="WEEKLY")
            | (Q(freq="MONTHLY") & monthly)
            | Q(dtstart__range=(week_days[0], week_days[-1]))
        )
    return None


def _having(related: QuerySet) -> Q:
    """Initiatives with at least one of these related rows, as ``id IN (uncorrelated
    subquery)``: evaluated once, no join and no duplicates, so no DISTINCT over the result."""
    return Q(pk__in=related.values("initiative_id"))


def initiative_search(params: SearchParams, *, now: dt.datetime | None = None, queryset=None):
    """Published initiatives matching every given criterion.

    - ``text``: every word, in any Danish word form ("fællesskaber" finds "fællesskab"), as
      the last part of a compound ("gruppe" finds "Spisegrupper") or as a synonym the
      administrator listed; stop words ("og") left out; the same on SQLite and PostgreSQL;
    - ``age``: the initiative's age range admits this age (an open end admits all);
    - ``target_group``/``initiative_type``/``special_group``: taxonomy codes;
    - ``language``: ISO code of a language spoken there;
    - ``place``: a postcode (every initiative that serves it, ``service_areas.serving``, those
      located there first) or (part of) a town name (those located there);
    - ``open``: ``now`` or ``week``, from the schedules.
    """
    from brobygger.directory import service_areas
    from brobygger.directory.models import (
        Initiative,
        Language,
        Schedule,
        ServiceAtLocation,
    )
    from brobygger.directory.selectors import public_initiatives

    qs = public_initiatives() if queryset is None else queryset
    if params.age is not None:
        qs = qs.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=params.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=params.age),
        )
    if params.target_group:
        groups = Initiative.target_groups.through.objects
        qs = qs.filter(_having(groups.filter(taxonomyterm__code=params.target_group)))
    if params.initiative_type:
        qs = qs.filter(initiative_type__code=params.initiative_type)
    if params.special_group:
        groups = Initiative.special_groups.through.objects
        qs = qs.filter(_having(groups.filter(taxonomyterm__code=params.special_group)))
    if params.language:
        qs = qs.filter(_having(Language.objects.filter(code__iexact=params.language)))
    place = params.place.strip()
    by_postcode = service_areas.is_postcode(place)
    if by_postcode:
        qs = service_areas.serving(qs, place)
    elif place:
        at_place = Q(location__postal_code=place) | Q(location__city__icontains=place)
        qs = qs.filter(_having(ServiceAtLocation.objects.filter(at_place)))
    if params.open:
        condition = _schedule_condition(params.open, now or timezone.now())
        if condition is not None:
            qs = qs.filter(_having(Schedule.objects.filter(condition)))
    if params.text.strip():
        qs = text_filter(qs, params.text)
    # By name on both databases (a match holds every word of the query: no ranking to do);
    # for a postcode, those located there first, then those whose area covers it.
    if by_postcode:
        return _with_listing_data(qs).order_by("reach_rank", "name", "id")
    return _with_listing_data(qs).order_by("name", "id")
