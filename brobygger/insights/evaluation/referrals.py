"""Did the tools increase recruitment? The municipality's evaluation, from cases as aggregates
only: the funnel per arena and month, time to the first visit, referrals before and after each
arena got the conversation guide (rate ratio), and the change in T-ILS score. Plus the
pseudonymised rows for researchers.

Demo cases never count in real figures: :func:`cases` leaves them out unless asked for the demo
view, which then shows them alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from brobygger.lib.intervals import Estimate, mean_change, rate_ratio
from brobygger.referrals.models import Arena, Case, OutcomeMeasurement

SELF_REFERRAL = "—"
FUNNEL_STEPS = ("referred", "contacted", "first_visit", "participating")


def cases(*, demo: bool = False) -> QuerySet[Case]:
    """The real cases; with ``demo`` the demo cases instead (never the two mixed)."""
    return Case.with_demo.select_related("arena").filter(is_demo=demo)


def _month(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m")


@dataclass
class FunnelRow:
    arena: str
    month: str
    referred: int = 0
    contacted: int = 0
    first_visit: int = 0
    participating: int = 0

    @property
    def month_start(self) -> dt.date:
        """The month as a date (its first day), for formatting in the page's language."""
        year, month = self.month.split("-")
        return dt.date(int(year), int(month), 1)


def funnel(qs: QuerySet[Case]) -> list[FunnelRow]:
    """Per arena and month of referral: referred, then how many of those were contacted, made
    a first visit and were taking part after three months."""
    rows: dict[tuple[str, str], FunnelRow] = {}
    for arena, created, contacted, first, participating in qs.values_list(
        "arena__name", "created_at", "contacted_at", "first_visit_at", "participating_at"
    ):
        key = (arena or SELF_REFERRAL, _month(created))
        row = rows.setdefault(key, FunnelRow(*key))
        row.referred += 1
        row.contacted += contacted is not None
        row.first_visit += first is not None
        row.participating += participating is not None
    return [rows[k] for k in sorted(rows)]


def funnel_totals(rows: list[FunnelRow]) -> dict[str, int]:
    return {step: sum(getattr(r, step) for r in rows) for step in FUNNEL_STEPS}


@dataclass
class Timing:
    arena: str
    n: int
    median_days: float | None


def time_to_first_visit(qs: QuerySet[Case]) -> list[Timing]:
    days: dict[str, list[float]] = defaultdict(list)
    for arena, created, first in qs.filter(first_visit_at__isnull=False).values_list(
        "arena__name", "created_at", "first_visit_at"
    ):
        days[arena or SELF_REFERRAL].append((first - created).total_seconds() / 86400)
    everyone = [d for values in days.values() for d in values]
    out = [Timing(a, len(v), statistics.median(v)) for a, v in sorted(days.items())]
    out.append(Timing("", len(everyone), statistics.median(everyone) if everyone else None))
    return out


def tools_introduced() -> dict[str, dt.date]:
    """The day each arena got the conversation guide, by arena name (arenas with a date)."""
    return dict(
        Arena.objects.filter(tools_introduced_on__isnull=False).values_list(
            "name", "tools_introduced_on"
        )
    )


@dataclass
class BeforeAfter:
    arena: str
    introduced: dt.date
    window_days: int
    before: int
    after: int
    ratio: Estimate


def before_after(qs: QuerySet[Case], *, today: dt.date | None = None) -> list[BeforeAfter]:
    """Staff referrals per arena in equal windows before and after the arena got the tools
    (the window is the time since introduction, at most a year), as a rate ratio after/before
    with its exact 95 % interval."""
    today = today or timezone.localdate()
    out = []
    for arena in Arena.objects.filter(tools_introduced_on__isnull=False).order_by("name"):
        introduced = arena.tools_introduced_on
        window = min((today - introduced).days, 365)
        if window <= 0:
            continue
        created = [
            timezone.localtime(c).date()
            for c in qs.filter(arena=arena, source=Case.Source.STAFF).values_list(
                "created_at", flat=True
            )
        ]
        before = sum(introduced - dt.timedelta(days=window) <= d < introduced for d in created)
        after = sum(introduced <= d < introduced + dt.timedelta(days=window) for d in created)
        ratio = rate_ratio(after, window, before, window)
        out.append(BeforeAfter(arena.name, introduced, window, before, after, ratio))
    return out


def _scores(qs: QuerySet[Case]) -> dict:
    """T-ILS scores by case and moment: {case_id: {moment: score}}."""
    scores: dict = defaultdict(dict)
    for case_id, moment, score in OutcomeMeasurement.objects.filter(case__in=qs).values_list(
        "case_id", "moment", "score"
    ):
        scores[case_id][moment] = score
    return scores


def tils_change(qs: QuerySet[Case]) -> Estimate:
    """Mean change in T-ILS score (3-9; lower is better) from intake to three months, over the
    citizens measured both times, with its 95 % interval."""
    scores = _scores(qs)
    pairs = [
        (s[OutcomeMeasurement.Moment.INTAKE], s[OutcomeMeasurement.Moment.FOLLOW_UP])
        for s in scores.values()
        if len(s) == 2
    ]
    return mean_change([p[0] for p in pairs], [p[1] for p in pairs])


RESEARCH_COLUMNS = (
    "pseudonym",
    "arena",
    "source",
    "age_band",
    "referred_month",
    "after_tools",
    "days_to_contact",
    "days_to_first_visit",
    "participating_at_3_months",
    "state",
    "closed_reason",
    "tils_intake",
    "tils_3_months",
)


def research_codes(*, key: bytes | None = None):
    """The researchers' code for a case: an HMAC of its id under a key drawn for one export and
    then forgotten. It is shown nowhere else (not the staff reference, not the id), and two
    exports of the same case get unrelated codes, so exports cannot be linked to each other or
    to a person staff referred."""
    key = key or secrets.token_bytes(32)

    def code(case: Case) -> str:
        return hmac.new(key, case.pk.bytes, hashlib.sha256).hexdigest()[:16]

    return code


def research_rows(qs: QuerySet[Case]):
    """One row per case with no name, contact detail, free text or exact date: a code for this
    export only, the month of referral and durations in whole days."""
    outcomes = _scores(qs)
    code = research_codes()

    def days(start, end):
        return None if end is None else (end - start).days

    for case in qs.select_related("citizen", "arena").order_by("created_at"):
        introduced = case.arena.tools_introduced_on if case.arena else None
        yield {
            "pseudonym": code(case),
            "arena": case.arena.name if case.arena else "",
            "source": case.source,
            "age_band": case.citizen.age_band,
            "referred_month": _month(case.created_at),
            "after_tools": ""
            if introduced is None
            else int(timezone.localtime(case.created_at).date() >= introduced),
            "days_to_contact": days(case.created_at, case.contacted_at),
            "days_to_first_visit": days(case.created_at, case.first_visit_at),
            "participating_at_3_months": int(case.participating_at is not None),
            "state": case.state,
            "closed_reason": case.closed_reason,
            "tils_intake": outcomes[case.pk].get(OutcomeMeasurement.Moment.INTAKE),
            "tils_3_months": outcomes[case.pk].get(OutcomeMeasurement.Moment.FOLLOW_UP),
        }
