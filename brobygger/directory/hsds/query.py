"""The query parameters of the HSDS 3.0 API (``schema/openapi.json``), read and applied.

Each reader returns the parameter's value or raises ``BadRequest`` naming the parameter, so
that a bad value answers 400 instead of being ignored. The filters are plain functions over
querysets, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q, QuerySet
from django.utils import timezone

from brobygger.directory import selectors
from brobygger.directory.models import Attribute, Initiative, TaxonomyTerm
from brobygger.lib.stemming import STOP_WORDS, word_stem, words

TRUE = ("true", "1")
FALSE = ("false", "0")
FORMATS = ("json", "ndjson")


class BadRequest(ValueError):
    """A query parameter with a value the API cannot use; the message names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


def _raw(params, name: str) -> str | None:
    value = params.get(name)
    return None if value is None else value.strip()


def boolean(params, name: str) -> bool:
    """``true``/``false`` (or 1/0); absent or empty is false."""
    raw = _raw(params, name)
    if not raw:
        return False
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise BadRequest(name, f"must be true or false, not {raw[:20]!r}")


def identifier(params, name: str) -> uuid.UUID | None:
    """An id: every id we publish is a UUID, so anything else cannot match and is a 400."""
    raw = _raw(params, name)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadRequest(name, f"must be an id (a UUID), not {raw[:40]!r}") from None


def moment(params, name: str) -> dt.datetime | None:
    """An ISO 8601 date or date and time; without a zone it is Danish time."""
    raw = _raw(params, name)
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace(" ", "+"))
    except ValueError:
        raise BadRequest(
            name, f"must be a date or date and time (ISO 8601), not {raw[:40]!r}"
        ) from None
    if value.tzinfo is None:
        value = timezone.make_aware(value)
    return value


def response_format(params) -> str:
    raw = (_raw(params, "format") or "json").lower()
    if raw not in FORMATS:
        raise BadRequest("format", f"must be json or ndjson, not {raw[:20]!r}")
    return raw


def text(params, name: str = "search") -> str:
    return _raw(params, name) or ""


# --- filters on initiatives (``prefix`` reaches them from a service_at_location) -------------


def has_term(term_id, prefix: str = "") -> Q:
    """Classified with this term: one of ours, or an attribute on another taxonomy."""
    return (
        Q(**{f"{prefix}initiative_type_id": term_id})
        | Q(**{f"{prefix}target_groups__id": term_id})
        | Q(**{f"{prefix}special_groups__id": term_id})
        | Q(**{f"{prefix}hsds_attributes__taxonomy_term_id": term_id})
    )


def in_taxonomy(taxonomy_id, prefix: str = "") -> Q:
    """Classified with any term of this taxonomy."""
    terms = TaxonomyTerm.objects.filter(taxonomy_id=taxonomy_id).values("pk")
    attributes = Attribute.objects.filter(taxonomy_term__taxonomy_id=taxonomy_id)
    return (
        Q(**{f"{prefix}initiative_type__in": terms})
        | Q(**{f"{prefix}target_groups__in": terms})
        | Q(**{f"{prefix}special_groups__in": terms})
        | Q(**{f"{prefix}pk__in": attributes.values("initiative_id")})
    )


def search_words(query: str) -> list[str]:
    """The stems of the query's words that a search looks for (stop words left out)."""
    return [word_stem(w) for w in words(query) if w not in STOP_WORDS]


def matching_search(qs: QuerySet[Initiative], query: str) -> QuerySet[Initiative]:
    """Initiatives where every word of ``query`` is found, as a word form or synonym (the
    directory's search) or as a part of a word: "Alzheimer" finds "Alzheimerforeningen". The
    index holds lower-case stems made in Python, so both databases compare the same text."""
    stems = search_words(query)
    if not stems:
        return qs
    by_stems = Q()
    for stem in stems:
        by_stems &= Q(search_stems__contains=stem)
    by_search = selectors.initiative_search(selectors.SearchParams(text=query), queryset=qs)
    return qs.filter(by_stems | Q(pk__in=by_search.values("pk")))


def filter_services(qs: QuerySet[Initiative], params) -> QuerySet[Initiative]:
    """``GET /services``'s filters: search, organization_id, taxonomy_term_id, taxonomy_id,
    modified_after."""
    organization_id = identifier(params, "organization_id")
    term_id = identifier(params, "taxonomy_term_id")
    taxonomy_id = identifier(params, "taxonomy_id")
    modified_after = moment(params, "modified_after")
    query = text(params)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if term_id:
        qs = qs.filter(pk__in=Initiative.objects.filter(has_term(term_id)).values("pk"))
    if taxonomy_id:
        qs = qs.filter(pk__in=Initiative.objects.filter(in_taxonomy(taxonomy_id)).values("pk"))
    if modified_after:
        qs = qs.filter(updated_at__gte=modified_after)
    if query:
        qs = matching_search(qs, query)
    return qs
