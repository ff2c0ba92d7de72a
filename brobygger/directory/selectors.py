"""Reads from the directory: search, the 2015 overview from live data, staleness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from brobygger.directory.models import (
    Initiative,
    InitiativeRevision,
    Language,
    Organization,
    Schedule,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from brobygger.directory.search import text_filter

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
OPEN_NOW = "now"
OPEN_THIS_WEEK = "week"


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


def public_initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.filter(status=Initiative.Status.PUBLISHED)


SEARCH_COLUMNS = ("search_document", "search_stems", "search_vector")


def _with_listing_data(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
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


def initiative_search(
    params: SearchParams, *, now: dt.datetime | None = None, queryset=None
) -> QuerySet[Initiative]:
    """Published initiatives matching every given criterion.

    - ``text``: every word, in any Danish word form ("fællesskaber" finds "fællesskab"),
      stop words ("og") left out; the same on SQLite and PostgreSQL (``search.py``);
    - ``age``: the initiative's age range admits this age (an open end admits all);
    - ``target_group``/``initiative_type``/``special_group``: taxonomy codes;
    - ``language``: ISO code of a language spoken there;
    - ``place``: a postcode or (part of) a town name;
    - ``open``: ``now`` or ``week``, from the schedules.
    """
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
    if params.place:
        place = params.place.strip()
        at_place = Q(location__postal_code=place) | Q(location__city__icontains=place)
        qs = qs.filter(_having(ServiceAtLocation.objects.filter(at_place)))
    if params.open:
        condition = _schedule_condition(params.open, now or timezone.now())
        if condition is not None:
            qs = qs.filter(_having(Schedule.objects.filter(condition)))
    if params.text.strip():
        qs = text_filter(qs, params.text)
    # By name on both databases (a match holds every stem of the query: no ranking to do).
    return _with_listing_data(qs).order_by("name", "id")


def terms(taxonomy_code: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__code=taxonomy_code).order_by("position")


# --- the 2015 overview, computed from live data ----------------------------------------------


@dataclass
class OverviewCell:
    names: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.names)


@dataclass
class Overview:
    target_groups: list[TaxonomyTerm]
    types: list[TaxonomyTerm]
    cells: dict[tuple[str, str], OverviewCell]

    def cell(self, target_group: str, initiative_type: str) -> OverviewCell:
        return self.cells[(target_group, initiative_type)]

    def row_total(self, target_group: str) -> int:
        return sum(self.cells[(target_group, t.code)].count for t in self.types)

    def column_total(self, initiative_type: str) -> int:
        return sum(self.cells[(g.code, initiative_type)].count for g in self.target_groups)

    @property
    def listings(self) -> int:
        return sum(c.count for c in self.cells.values())

    @property
    def rows(self):
        return [
            (g, [self.cells[(g.code, t.code)] for t in self.types], self.row_total(g.code))
            for g in self.target_groups
        ]


def initiative_overview() -> Overview:
    """Target group x type, with the initiatives' names in each cell (published ones only).

    An initiative aimed at two target groups is listed in both rows, as in the 2015 mapping.
    """
    groups = list(terms(Taxonomy.TARGET_GROUP))
    types = list(terms(Taxonomy.INITIATIVE_TYPE))
    cells = {(g.code, t.code): OverviewCell() for g in groups for t in types}
    rows = (
        public_initiatives()
        .filter(initiative_type__isnull=False)
        .values_list("name", "target_groups__code", "initiative_type__code")
        .order_by("name")
    )
    for name, group, kind in rows:
        if (group, kind) in cells:
            cells[(group, kind)].names.append(name)
    return Overview(target_groups=groups, types=types, cells=cells)


# --- staleness, editing, history -------------------------------------------------------------


def stale_cutoff(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)


def is_stale(initiative: Initiative, today: dt.date | None = None) -> bool:
    return initiative.last_reviewed is None or initiative.last_reviewed < stale_cutoff(today)


def stale_initiatives(*, today: dt.date | None = None) -> QuerySet[Initiative]:
    """Published initiatives not reviewed for 12 months (or never reviewed), oldest first."""
    return (
        public_initiatives()
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=stale_cutoff(today)))
        .select_related("organization")
        .order_by("last_reviewed", "name")
    )


def organizations_of(user) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user)


def organization_members(organization: Organization):
    """The signed-in people who edit for an organisation (candidates for its contact person)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(organisation_memberships__organization=organization, is_active=True)
        .order_by("username")
    )


def initiatives_of(user) -> QuerySet[Initiative]:
    """The initiatives an organisation editor looks after (all statuses)."""
    return Initiative.objects.filter(organization__in=organizations_of(user)).select_related(
        "organization"
    )


def initiative_history(initiative: Initiative) -> QuerySet[InitiativeRevision]:
    return initiative.revisions.select_related("user")


def initiative_detail(pk) -> Initiative:
    return (
        Initiative.objects.select_related("organization", "initiative_type")
        .prefetch_related(
            "target_groups",
            "special_groups",
            "schedules",
            "phones",
            "contacts",
            "languages",
            "cost_options",
            "service_at_locations__location",
        )
        .get(pk=pk)
    )
