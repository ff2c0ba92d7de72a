"""Read-only HSDS 3.0 API under /hsds/ (public, published initiatives only), as the
specification's OpenAPI describes it (``schema/openapi.json``, served at ``/hsds/openapi.json``).

Query parameters are read and applied in ``query.py``; every endpoint is ``http.read_only``.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from brobygger.directory import selectors, service_areas
from brobygger.directory.hsds import query, serialize
from brobygger.directory.hsds.http import json_response as _json
from brobygger.directory.hsds.http import read_only
from brobygger.directory.hsds.query import BadRequest
from brobygger.directory.models import (
    Organization,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

OPENAPI_FILE = Path(__file__).parent / "schema" / "openapi.json"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


def _number(request, name: str, default: int) -> int:
    """A whole number from the query string; absurdly long ones become "too large"."""
    raw = request.GET.get(name, str(default)).strip()
    if not re.fullmatch(r"[0-9]+", raw):
        raise BadRequest(name, f"must be a whole number, not {raw[:20]!r}")
    return int(raw) if len(raw) <= 18 else 10**18


def _paginated(request, qs, to_dict):
    """One HSDS ``Page`` (or, with ``format=ndjson``, every item, one JSON object a line).
    A page past the last one, or a size out of range, is a 400."""
    if query.response_format(request.GET) == "ndjson":
        lines = (json.dumps(to_dict(obj), ensure_ascii=False) + "\n" for obj in qs.iterator())
        return HttpResponse("".join(lines), content_type="application/x-ndjson; charset=utf-8")
    page = _number(request, "page", 1)
    per_page = _number(request, "per_page", DEFAULT_PER_PAGE)
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest("per_page", f"must be between 1 and {MAX_PER_PAGE}")
    total = qs.count()
    last = max(1, math.ceil(total / per_page))
    if not 1 <= page <= last:
        raise BadRequest("page", f"must be between 1 and {last} (the last page)")
    start = (page - 1) * per_page
    items = [to_dict(obj) for obj in qs[start : start + per_page]]
    return _json(serialize.page(items, total=total, page_number=page, per_page=per_page))


def _published():
    """Real published initiatives: the demo's examples never enter the open data."""
    return selectors.real_initiatives().order_by("name", "id")


@read_only
def root(request):
    return _json(
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": request.build_absolute_uri("/hsds/openapi.json"),
        }
    )


@lru_cache(maxsize=1)
def _openapi() -> dict:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@read_only
def openapi(request):
    """The specification's OpenAPI description, with this site as its server."""
    document = dict(_openapi())
    document["servers"] = [{"url": request.build_absolute_uri("/hsds").rstrip("/")}]
    return _json(document)


def _minimal(initiative) -> dict:
    return {"id": str(initiative.pk), "last_modified": initiative.updated_at.isoformat()}


@read_only
def services(request):
    """``minimal``: id and last_modified only; ``full``: fully nested; else one-to-one fields."""
    qs = query.filter_services(_published(), request.GET)
    minimal = query.boolean(request.GET, "minimal")
    full = query.boolean(request.GET, "full")
    if minimal:
        return _paginated(request, qs, _minimal)
    if full:
        return _paginated(request, serialize.services_prefetched(qs), serialize.service)
    return _paginated(request, qs.select_related("organization"), serialize.service_summary)


@read_only
def service(request, pk):
    qs = serialize.services_prefetched(selectors.real_initiatives())
    return _json(serialize.service(get_object_or_404(qs, pk=pk)))


def _organization_full(request, org: Organization) -> dict:
    """An organisation with its contacts, phones, places and published services (their
    one-to-one fields; fully nested with ``full_service=true``)."""
    published = _published().filter(organization=org)
    if query.boolean(request.GET, "full_service"):
        return serialize.organization(org, full=True, services=published)
    out = serialize.organization(org, full=True)
    out["services"] = [
        serialize.service_summary(i) for i in published.select_related("organization")
    ]
    return out


def _published_organizations():
    return Organization.objects.filter(
        initiatives__status="published", initiatives__is_example=False
    ).distinct()


@read_only
def organizations(request):
    qs = _published_organizations().order_by("name", "id")
    search = query.text(request.GET)
    if search:
        found = query.matching_search(_published(), search).values("organization_id")
        qs = qs.filter(pk__in=found)
    if query.boolean(request.GET, "full") or query.boolean(request.GET, "full_service"):
        return _paginated(request, qs, lambda org: _organization_full(request, org))
    return _paginated(request, qs, serialize.organization)


@read_only
def organization(request, pk):
    org = get_object_or_404(_published_organizations(), pk=pk)
    return _json(_organization_full(request, org))


def _published_places():
    return ServiceAtLocation.objects.filter(
        initiative__status="published", initiative__is_example=False
    ).select_related("location", "initiative__organization")


@read_only
def service_at_locations(request):
    """Filtered by the services' filters, and by ``postcode``: the places of the services that
    serve it (``directory.service_areas``: located there, or serving it from elsewhere)."""
    initiatives = query.filter_services(_published(), request.GET)
    qs = _published_places().filter(initiative__in=initiatives.values("pk"))
    postcode = query.text(request.GET, "postcode")
    if postcode:
        serving = service_areas.serving(initiatives, postcode).values("pk")
        qs = qs.filter(initiative__in=serving)
    qs = qs.order_by("initiative__name", "id")
    full = query.boolean(request.GET, "full")
    return _paginated(
        request,
        qs,
        lambda sal: serialize.service_at_location(sal, with_service=True, full_service=full),
    )


@read_only
def service_at_location(request, pk):
    sal = get_object_or_404(_published_places(), pk=pk)
    return _json(serialize.service_at_location(sal, with_service=True, full_service=True))


def _matching_names(qs, search: str, fields: tuple[str, ...]):
    """Records where ``search`` is part of one of ``fields``, case folded in Python so that
    every database answers the same (taxonomies are small)."""
    needle = search.casefold()
    ids = [
        obj.pk
        for obj in qs
        if any(needle in (getattr(obj, name) or "").casefold() for name in fields)
    ]
    return qs.filter(pk__in=ids)


@read_only
def taxonomies(request):
    qs = Taxonomy.objects.order_by("code")
    search = query.text(request.GET)
    if search:
        qs = _matching_names(qs, search, ("name", "description", "code"))
    return _paginated(request, qs, serialize.taxonomy)


@read_only
def taxonomy(request, pk):
    return _json(serialize.taxonomy(get_object_or_404(Taxonomy, pk=pk)))


@read_only
def taxonomy_terms(request):
    """Filtered by ``taxonomy_id``, ``parent_id``, ``top_only`` (no parent) and ``search``."""
    qs = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__code", "position", "code"
    )
    taxonomy_id = query.identifier(request.GET, "taxonomy_id")
    parent_id = query.identifier(request.GET, "parent_id")
    search = query.text(request.GET)
    if taxonomy_id:
        qs = qs.filter(taxonomy_id=taxonomy_id)
    if parent_id:
        qs = qs.filter(hsds_extra__extra__parent_id=str(parent_id))
    if query.boolean(request.GET, "top_only"):
        qs = qs.exclude(hsds_extra__extra__has_key="parent_id")
    if search:
        qs = _matching_names(qs, search, ("name_da", "name_en", "description", "code"))
    return _paginated(request, qs, serialize.taxonomy_term)


@read_only
def taxonomy_term(request, pk):
    return _json(
        serialize.taxonomy_term(
            get_object_or_404(TaxonomyTerm.objects.select_related("taxonomy"), pk=pk)
        )
    )
