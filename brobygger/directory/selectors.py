"""Reads from the directory (its search: ``search.py``), the 2015 overview, staleness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from brobygger.core.demo import demo_mode
from brobygger.directory.models import (
    Initiative,
    InitiativeRevision,
    Organization,
    Taxonomy,
    TaxonomyTerm,
)

# The search selector lives in search.py (with the indexing); imported from here as before.
from brobygger.directory.search import OPEN_NOW as OPEN_NOW
from brobygger.directory.search import OPEN_THIS_WEEK as OPEN_THIS_WEEK
from brobygger.directory.search import WEEKDAYS as WEEKDAYS
from brobygger.directory.search import SearchParams as SearchParams
from brobygger.directory.search import initiative_search as initiative_search


def real_initiatives() -> QuerySet[Initiative]:
    """Published initiatives that are real (no demo example, ever): for exports, the open-data
    API, coverage figures and anything counted."""
    return Initiative.objects.filter(status=Initiative.Status.PUBLISHED, is_example=False)


def public_initiatives() -> QuerySet[Initiative]:
    """Published initiatives as pages and prints show them: the examples too in demo mode only
    (``core.demo.demo_mode``), never otherwise."""
    if demo_mode():
        return Initiative.objects.filter(status=Initiative.Status.PUBLISHED)
    return real_initiatives()


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


def visible(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Leave out the demo examples unless in demo mode."""
    return qs if demo_mode() else qs.filter(is_example=False)


def initiatives_of(user) -> QuerySet[Initiative]:
    """The initiatives an organisation editor looks after (all statuses)."""
    return visible(
        Initiative.objects.filter(organization__in=organizations_of(user))
        .select_related("organization", "referral_contact")
        .prefetch_related("schedules", "service_at_locations__location")
        .order_by("name", "id")
    )


def draft_initiatives() -> QuerySet[Initiative]:
    """Drafts waiting to be completed and published (e.g. accepted suggestions), newest first."""
    return visible(
        Initiative.objects.filter(status=Initiative.Status.DRAFT)
        .select_related("organization")
        .order_by("-created_at", "name")
    )


def initiative_history(initiative: Initiative) -> QuerySet[InitiativeRevision]:
    return initiative.revisions.select_related("user")


def initiative_detail(pk) -> Initiative:
    return (
        visible(Initiative.objects.all())
        .select_related("organization", "initiative_type")
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
