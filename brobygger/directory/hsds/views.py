"""Read-only HSDS 3.0 API under /hsds/ (public, published initiatives only)."""

from __future__ import annotations

import math
import re

from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from brobygger.directory import selectors
from brobygger.directory.hsds import serialize
from brobygger.directory.models import (
    Organization,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


class BadRequest(ValueError):
    pass


def _json(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _number(request, name: str, default: int) -> int:
    """A whole number from the query string; absurdly long ones become "too large"."""
    raw = request.GET.get(name, str(default)).strip()
    if not re.fullmatch(r"[0-9]+", raw):
        raise BadRequest(f"{name} must be a whole number, not {raw[:20]!r}")
    return int(raw) if len(raw) <= 18 else 10**18


def _paginated(request, qs, to_dict):
    """One HSDS ``Page``. A page past the last one, or a size out of range, is a 400."""
    try:
        page = _number(request, "page", 1)
        per_page = _number(request, "per_page", DEFAULT_PER_PAGE)
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page must be between 1 and {MAX_PER_PAGE}")
        total = qs.count()
        last = max(1, math.ceil(total / per_page))
        if not 1 <= page <= last:
            raise BadRequest(f"page must be between 1 and {last} (the last page)")
    except BadRequest as exc:
        return _json({"error": str(exc)}, status=400)
    start = (page - 1) * per_page
    items = [to_dict(obj) for obj in qs[start : start + per_page]]
    return _json(serialize.page(items, total=total, page_number=page, per_page=per_page))


def _published():
    """Real published initiatives: the demo's examples never enter the open data."""
    return selectors.real_initiatives().order_by("name", "id")


@require_GET
def root(request):
    return _json(
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": request.build_absolute_uri("/hsds/openapi.json"),
        }
    )


@require_GET
def services(request):
    qs = _published()
    if request.GET.get("search"):
        qs = selectors.initiative_search(
            selectors.SearchParams(text=request.GET["search"]), queryset=qs
        )
    if request.GET.get("organization_id"):
        qs = qs.filter(organization_id=request.GET["organization_id"])
    if request.GET.get("taxonomy_term_id"):
        term = request.GET["taxonomy_term_id"]
        qs = qs.filter(_has_term(term)).distinct()
    full = request.GET.get("full", "").lower() == "true"
    if full:
        return _paginated(request, serialize.services_prefetched(qs), serialize.service)
    return _paginated(request, qs.select_related("organization"), serialize.service_summary)


def _has_term(term_id) -> Q:
    return (
        Q(initiative_type_id=term_id) | Q(target_groups__id=term_id) | Q(special_groups__id=term_id)
    )


@require_GET
def service(request, pk):
    qs = serialize.services_prefetched(selectors.real_initiatives())
    return _json(serialize.service(get_object_or_404(qs, pk=pk)))


def _organization_full(org: Organization) -> dict:
    out = serialize.organization(org)
    out["services"] = [
        serialize.service_summary(i)
        for i in _published().filter(organization=org).select_related("organization")
    ]
    return out


@require_GET
def organizations(request):
    qs = (
        Organization.objects.filter(initiatives__status="published", initiatives__is_example=False)
        .distinct()
        .order_by("name", "id")
    )
    return _paginated(request, qs, serialize.organization)


@require_GET
def organization(request, pk):
    org = get_object_or_404(
        Organization.objects.filter(
            initiatives__status="published", initiatives__is_example=False
        ).distinct(),
        pk=pk,
    )
    return _json(_organization_full(org))


@require_GET
def service_at_locations(request):
    qs = (
        ServiceAtLocation.objects.filter(
            initiative__status="published", initiative__is_example=False
        )
        .select_related("location", "initiative__organization")
        .order_by("initiative__name", "id")
    )
    return _paginated(
        request, qs, lambda sal: serialize.service_at_location(sal, with_service=True)
    )


@require_GET
def service_at_location(request, pk):
    sal = get_object_or_404(
        ServiceAtLocation.objects.filter(
            initiative__status="published", initiative__is_example=False
        ).select_related("location", "initiative__organization"),
        pk=pk,
    )
    return _json(serialize.service_at_location(sal, with_service=True))


@require_GET
def taxonomies(request):
    return _paginated(request, Taxonomy.objects.order_by("code"), serialize.taxonomy)


@require_GET
def taxonomy(request, pk):
    return _json(serialize.taxonomy(get_object_or_404(Taxonomy, pk=pk)))


@require_GET
def taxonomy_terms(request):
    qs = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__code", "position")
    if request.GET.get("taxonomy_id"):
        qs = qs.filter(taxonomy_id=request.GET["taxonomy_id"])
    return _paginated(request, qs, serialize.taxonomy_term)


@require_GET
def taxonomy_term(request, pk):
    return _json(
        serialize.taxonomy_term(
            get_object_or_404(TaxonomyTerm.objects.select_related("taxonomy"), pk=pk)
        )
    )
