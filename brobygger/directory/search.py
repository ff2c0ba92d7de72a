"""Full-text search of the directory: one tokeniser, one stop list and one stemmer for both
databases, so SQLite and PostgreSQL find the same initiatives for the same words.

Both the text of an initiative and a query become a set of Danish Snowball stems (lower-case
words of letters and digits, stop words left out) in Python
(``brobygger.lib.stemming``). SQLite matches whole stems in the
space-delimited ``search_stems`` column; PostgreSQL keeps the same stems as the GIN-indexed
``search_vector`` (``array_to_tsvector``: the lexemes are taken as they are, not re-parsed)
and matches a ``tsquery`` of the query's stems joined by ``&``. Every stem of the query must
be present, as a whole stem: "ven" does not find "Ventilen", and "og" finds nothing.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, F, Func, QuerySet, Value
from django.db.models.functions import Cast

from brobygger.lib.stemming import stem_document, stems


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


def vectors_refresh(queryset) -> int:
    """PostgreSQL: rebuild the indexed vectors of these initiatives from their stems."""
    if connection.vendor != "postgresql":
        return 0
    return queryset.update(search_vector=_vector_of_stems())


def _tsquery(query_stems: list[str]) -> str:
    """``'a' & 'b'``: tsquery input, each lexeme quoted so it is taken as it is."""
    quoted = ("'" + s.replace("\\", "\\\\").replace("'", "''") + "'" for s in query_stems)
    return " & ".join(quoted)


def filter_by_stems(qs: QuerySet, query_stems: list[str]) -> QuerySet:
    """Initiatives whose ``search_stems`` hold every stem (works on any database)."""
    for stem in query_stems:
        qs = qs.filter(search_stems__contains=f" {stem} ")
    return qs


class _Matches(Func):
    """``vector @@ query``, with the query as given (Django's lookup would re-parse it)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def filter_by_vector(qs: QuerySet, query_stems: list[str]) -> QuerySet:
    """PostgreSQL: the same condition on the GIN-indexed ``search_vector``."""
    query = Cast(Value(_tsquery(query_stems)), output_field=SearchQueryField())
    return qs.filter(_Matches(F("search_vector"), query))


def text_filter(qs: QuerySet, text: str) -> QuerySet:
    """Initiatives matching every non-stop word of ``text``; none when no word is left."""
    query_stems = sorted(set(stems(text)))
    if not query_stems:
        return qs.none()
    if connection.vendor == "postgresql":
        return filter_by_vector(qs, query_stems)
    return filter_by_stems(qs, query_stems)
