"""Reads of the network: slots with their places left, a person's visits, the network picture
(graph, initiatives nobody has visited, visits per quarter), courses and ideas.

Demo content is shown only in demo mode, and figures (graph, counts) are either real or demo,
never both: ``demo=True`` reads the demo records alone."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from brobygger.directory.models import Initiative
from brobygger.network.models import Course, Idea, VisitBooking, VisitSlot
from brobygger.referrals.models import Arena

ACTIVE = Q(bookings__cancelled_at__isnull=True)


def slots_with_places(qs: QuerySet[VisitSlot] | None = None) -> QuerySet[VisitSlot]:
    qs = VisitSlot.with_demo.all() if qs is None else qs
    return (
        qs.select_related("initiative")
        .annotate(
            taken=Coalesce(Sum("bookings__visitors", filter=ACTIVE), Value(0))
            + Coalesce(Sum("bookings__citizens", filter=ACTIVE), Value(0)),
        )
        .annotate(places_left=F("places") - F("taken"))
    )


def upcoming_slots(*, include_demo: bool = False, now=None) -> QuerySet[VisitSlot]:
    qs = VisitSlot.with_demo.filter(cancelled_at__isnull=True, starts_at__gt=now or timezone.now())
    if not include_demo:
        qs = qs.real()
    return slots_with_places(qs).order_by("starts_at")


def visitor_sides(user) -> dict:
    """What a person may book on behalf of: their organisations' initiatives and the ones they
    volunteer at, and (staff) their arenas."""
    if not user.is_authenticated:
        return {"initiatives": Initiative.objects.none(), "arenas": Arena.objects.none()}
    initiatives = Initiative.objects.filter(
        Q(organization__memberships__user=user) | Q(volunteers__user=user)
    ).distinct()
    arenas = Arena.objects.filter(memberships__user=user)
    return {"initiatives": initiatives.order_by("name"), "arenas": arenas}


def hosted_initiatives(user) -> QuerySet[Initiative]:
    if not user.is_authenticated:
        return Initiative.objects.none()
    return (
        Initiative.objects.filter(
            Q(organization__memberships__user=user) | Q(referral_contact=user)
        )
        .distinct()
        .order_by("name")
    )


def _bookings() -> QuerySet[VisitBooking]:
    return VisitBooking.objects.select_related(
        "slot__initiative", "visitor_initiative", "visitor_arena", "booked_by"
    ).prefetch_related("notes")


def bookings_hosted(user) -> QuerySet[VisitBooking]:
    """Bookings of the initiatives this person hosts for."""
    return (
        _bookings()
        .filter(slot__initiative__in=hosted_initiatives(user))
        .order_by("-slot__starts_at")
    )


def bookings_made(user) -> QuerySet[VisitBooking]:
    """Bookings this person's side made: by them, their initiatives or their arenas."""
    sides = visitor_sides(user)
    return (
        _bookings()
        .filter(
            Q(booked_by=user)
            | Q(visitor_initiative__in=sides["initiatives"])
            | Q(visitor_arena__in=sides["arenas"])
        )
        .distinct()
        .order_by("-slot__starts_at")
    )


def _counted(demo: bool) -> QuerySet[VisitBooking]:
    """Bookings that count in the picture: not cancelled, real (or demo only)."""
    return VisitBooking.objects.filter(
        cancelled_at__isnull=True, slot__cancelled_at__isnull=True, slot__is_demo=demo
    )


def graph(*, demo: bool = False) -> dict:
    """``{nodes: [{id, name}], edges: [{from, to, visits}]}``: an edge from the visitors'
    initiative or arena to the host initiative, counting its bookings that are not cancelled.
    The nodes are the initiatives and arenas on an edge."""
    rows = (
        _counted(demo)
        .values("visitor_initiative", "visitor_arena", "slot__initiative")
        .annotate(visits=Count("id"))
    )
    ids, edges = set(), []
    for row in rows:
        source = row["visitor_initiative"] or row["visitor_arena"]
        target = row["slot__initiative"]
        ids |= {source, target}
        edges.append({"from": str(source), "to": str(target), "visits": row["visits"]})
    names = {
        str(pk): name
        for pk, name in Initiative.objects.filter(pk__in=ids).values_list("pk", "name")
    }
    names.update(
        (str(pk), name) for pk, name in Arena.objects.filter(pk__in=ids).values_list("pk", "name")
    )
    nodes = sorted(
        ({"id": pk, "name": name} for pk, name in names.items()), key=lambda n: n["name"]
    )
    edges.sort(key=lambda e: (names[e["from"]], names[e["to"]]))
    return {"nodes": nodes, "edges": edges}


@dataclass
class Placed:
    id: str
    name: str
    x: float
    y: float
    anchor: str
    label_x: float = 0.0
    label_y: float = 0.0


def graph_layout(data: dict, *, size: int = 760, margin: int = 180) -> dict:
    """Nodes on a circle (server-side SVG coordinates) and edges as lines between them, each
    line stopping short of the target so its arrow head shows."""
    n = len(data["nodes"])
    centre, radius = size / 2, size / 2 - margin
    placed = {}
    for i, node in enumerate(data["nodes"]):
        angle = 2 * math.pi * i / max(n, 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        anchor = "middle" if abs(x - centre) < 1 else ("start" if x > centre else "end")
        placed[node["id"]] = Placed(node["id"], node["name"], x, y, anchor)
    lines = []
    for edge in data["edges"]:
        a, b = placed[edge["from"]], placed[edge["to"]]
        length = math.hypot(b.x - a.x, b.y - a.y) or 1
        shorten = 14 / length
        lines.append(
            {
                **edge,
                "source": a,
                "target": b,
                "x1": a.x,
                "y1": a.y,
                "x2": b.x - (b.x - a.x) * shorten,
                "y2": b.y - (b.y - a.y) * shorten,
                "width": min(1 + edge["visits"], 6),
            }
        )
    for node in placed.values():
        node.label_x = node.x + (
            10 if node.anchor == "start" else -10 if node.anchor == "end" else 0
        )
        node.label_y = node.y + (4 if node.anchor != "middle" else (-12 if node.y < centre else 22))
    return {"size": size, "nodes": list(placed.values()), "edges": lines}


def unvisited_initiatives(*, demo: bool = False) -> QuerySet[Initiative]:
    """Published initiatives that nobody has visited or booked a visit to."""
    visited = _counted(demo).values("slot__initiative")
    return Initiative.objects.filter(status=Initiative.Status.PUBLISHED).exclude(pk__in=visited)


def visits_per_quarter(*, demo: bool = False) -> list[tuple[str, int]]:
    """Visits (bookings not cancelled) per quarter of the visit's date, oldest first."""
    counts = Counter()
    for starts_at in _counted(demo).values_list("slot__starts_at", flat=True):
        local = timezone.localtime(starts_at)
        counts[f"{local.year} Q{(local.month - 1) // 3 + 1}"] += 1
    return sorted(counts.items())


def courses_upcoming(
    *,
    include_demo: bool = False,
    query: str = "",
    online: bool | None = None,
    free_only: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Course]:
    today = today or timezone.localdate()
    qs = Course.with_demo.filter(state=Course.State.APPROVED).filter(
        Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today)
    )
    if not include_demo:
        qs = qs.real()
    if query:
        qs = qs.filter(
            Q(title__icontains=query) | Q(organiser__icontains=query) | Q(suits__icontains=query)
        )
    if online is not None:
        qs = qs.filter(online=online)
    if free_only:
        qs = qs.filter(Q(price="") | Q(price__iexact="gratis") | Q(price__iexact="free"))
    return qs.order_by("starts_on", "title")


def courses_pending() -> QuerySet[Course]:
    return Course.with_demo.filter(state=Course.State.PENDING).order_by("created_at")


def ideas_by_state(*, include_demo: bool = False, user=None) -> list[tuple[str, str, list[Idea]]]:
    """The catalogue as (state, label, ideas) in the order of the states, most supported
    first within each; ``idea.supported``/``idea.offered`` say what this person has done."""
    qs = Idea.with_demo.select_related("proposed_by_organization").annotate(
        support_count=Count("supports", distinct=True), offer_count=Count("offers", distinct=True)
    )
    if not include_demo:
        qs = qs.real()
    supported, offered = set(), set()
    if user is not None and user.is_authenticated:
        supported = set(Idea.with_demo.filter(supports__user=user).values_list("pk", flat=True))
        offered = set(Idea.with_demo.filter(offers__user=user).values_list("pk", flat=True))
    grouped = defaultdict(list)
    for idea in qs.order_by("-support_count", "title"):
        idea.supported, idea.offered = idea.pk in supported, idea.pk in offered
        grouped[idea.state].append(idea)
    return [(state, label, grouped[state]) for state, label in Idea.State.choices]
