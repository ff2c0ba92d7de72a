"""Did knowing each other lead to more people sent on? Referrals between the two sides of a
pop-up visit in equal windows before and after their first visit.

What counts as a referral "between" two sides. The community broker makes every referral to an
initiative, so the data holds two ways a person is sent on:

- from an **arena**: a staff member of the arena referred the citizen (``Case.arena``), and the
  broker referred the case to the host initiative;
- from an **initiative**: the citizen had already come to initiative A (a referral to A with a
  first visit confirmed) when the broker referred them on to initiative B. For two initiatives
  this is counted in both directions (A to B and B to A): a visit acquaints both.

For each pair (visitors' initiative or arena, host initiative) whose first visit (the earliest
booking not cancelled, on a slot that has begun) lies in the past, the window is the time since
that visit, at most a year, and the same length before it. The rate ratio after/before comes with
its exact 95 % interval (``brobygger.lib.intervals.rate_ratio``). Demo records count only in the
demo view, never together with real ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from brobygger.lib.intervals import Estimate, rate_ratio
from brobygger.network.models import VisitBooking
from brobygger.referrals.models import Referral


@dataclass
class VisitBeforeAfter:
    visitors: str
    host: str
    first_visit: dt.date
    window_days: int
    before: int
    after: int
    ratio: Estimate


def _first_visits(*, demo: bool, now: dt.datetime) -> list[dict]:
    return list(
        VisitBooking.objects.filter(
            cancelled_at__isnull=True,
            slot__cancelled_at__isnull=True,
            slot__is_demo=demo,
            slot__starts_at__lte=now,
        )
        .values(
            "visitor_initiative",
            "visitor_initiative__name",
            "visitor_arena",
            "visitor_arena__name",
            "slot__initiative",
            "slot__initiative__name",
        )
        .annotate(first=Min("slot__starts_at"))
        .order_by("slot__initiative__name", "visitor_initiative__name", "visitor_arena__name")
    )


def _sent_on(referrals: list[Referral], source, target) -> list[dt.datetime]:
    """When cases were referred to ``target`` after a confirmed first visit at ``source``."""
    by_case: dict = {}
    for r in referrals:
        by_case.setdefault(r.case_id, []).append(r)
    moments = []
    for rows in by_case.values():
        been = [r.first_visit_at for r in rows if r.initiative_id == source and r.first_visit_at]
        for r in rows:
            if r.initiative_id == target and any(at < r.created_at for at in been):
                moments.append(r.created_at)
    return moments


def visits_before_after(
    *, demo: bool = False, today: dt.date | None = None
) -> list[VisitBeforeAfter]:
    """One row per visiting pair with a first visit in the past (see the module docstring)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    referrals = list(
        Referral.objects.filter(case__is_demo=demo).select_related("case").order_by("created_at")
    )
    out = []
    for pair in _first_visits(demo=demo, now=now):
        first = timezone.localdate(pair["first"])
        window = min((today - first).days, 365)
        if window <= 0:
            continue
        host = pair["slot__initiative"]
        if pair["visitor_arena"]:
            visitors = pair["visitor_arena__name"]
            moments = [
                r.created_at
                for r in referrals
                if r.initiative_id == host and r.case.arena_id == pair["visitor_arena"]
            ]
        else:
            visitors = pair["visitor_initiative__name"]
            other = pair["visitor_initiative"]
            moments = _sent_on(referrals, other, host) + _sent_on(referrals, host, other)
        days = [timezone.localdate(m) for m in moments]
        start, end = first - dt.timedelta(days=window), first + dt.timedelta(days=window)
        before = sum(start <= d < first for d in days)
        after = sum(first <= d < end for d in days)
        out.append(
            VisitBeforeAfter(
                visitors=visitors,
                host=pair["slot__initiative__name"],
                first_visit=first,
                window_days=window,
                before=before,
                after=after,
                ratio=rate_ratio(after, window, before, window),
            )
        )
    return out
