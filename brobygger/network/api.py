"""The network's JSON API, mounted at /api/v1/network/. Every operation needs authentication
(a session, or an ``Authorization: Bearer`` token); the role checks are the pages' rules. Each
operation declares every answer it gives, errors included (``brobygger.core.api``)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from brobygger.accounts.tokens import TOKEN_OR_SESSION
from brobygger.core.api import BadRequest, Input, Message, lines, require
from brobygger.core.demo import demo_mode
from brobygger.directory.models import Initiative
from brobygger.lib.text import MultiLine
from brobygger.network import selectors, services
from brobygger.network.models import VisitSlot
from brobygger.referrals.models import Arena

router = Router(tags=["network"], auth=TOKEN_OR_SESSION)
# What every operation can answer besides its own: no or a wrong token (401), not allowed (403).
REFUSED = {401: Message, 403: Message}


class SlotIn(Input):
    initiative_id: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int = Field(..., ge=1, le=services.visits.MAX_PLACES)
    citizens_welcome: bool = False
    description: MultiLine = lines("", max_length=2000)


class SlotOut(Schema):
    id: uuid.UUID
    initiative_id: uuid.UUID
    initiative: str = Field(..., alias="initiative.name")
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int
    places_left: int
    citizens_welcome: bool
    description: str
    is_demo: bool


class BookingIn(Input):
    visitor_initiative_id: uuid.UUID | None = Field(
        None, description="Where the visitors come from: one of your own initiatives."
    )
    visitor_arena_id: uuid.UUID | None = Field(
        None, description="Staff: your arena instead of an initiative."
    )
    visitors: int = Field(..., ge=1, le=services.visits.MAX_PLACES)
    citizens: int = Field(0, ge=0, le=services.visits.MAX_PLACES)
    calm_welcome: bool = Field(False, description="A citizen coming along needs a calm welcome.")
    client_reference: uuid.UUID | None = Field(
        None,
        description="Your own id for this booking; a retry with it returns the first booking.",
    )


class BookingOut(Schema):
    id: uuid.UUID
    slot_id: uuid.UUID
    visitor_initiative_id: uuid.UUID | None
    visitor_arena_id: uuid.UUID | None
    visitors: int
    citizens: int
    calm_welcome: bool
    confirmed_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class Node(Schema):
    id: str
    name: str


class Edge(Schema):
    source: str = Field(..., alias="from", serialization_alias="from")
    to: str
    visits: int


class GraphOut(Schema):
    nodes: list[Node]
    edges: list[Edge]


@router.post(
    "/slots",
    response={201: SlotOut, 400: BadRequest, **REFUSED, 404: Message},
    summary="Offer a visit slot (the initiative's editors or contact person)",
)
def slot_create(request, payload: SlotIn):
    initiative = get_object_or_404(Initiative, pk=payload.initiative_id)
    require(request, "network.offer_slot", initiative)
    try:
        slot = services.slot_create(
            user=request.user, initiative=initiative, **payload.dict(exclude={"initiative_id"})
        )
    except services.NetworkError as error:
        raise HttpError(400, str(error)) from error
    return 201, selectors.slots_with_places().get(pk=slot.pk)


@router.get(
    "/slots",
    response={200: list[SlotOut], **REFUSED},
    summary="Upcoming visit slots with the places left",
)
def slots_list(request):
    require(request, "network.view_visits")
    return list(selectors.upcoming_slots(include_demo=demo_mode())[:500])


@router.post(
    "/slots/{slot_id}/bookings",
    response={
        201: BookingOut,
        200: BookingOut,
        400: BadRequest,
        **REFUSED,
        404: Message,
        409: Message,
    },
    summary="Book places on a slot: 201, or 409 when it is full",
)
def booking_create(request, slot_id: uuid.UUID, payload: BookingIn):
    slot = get_object_or_404(VisitSlot.with_demo.select_related("initiative"), pk=slot_id)
    require(request, "network.book_slot", slot)
    initiative = arena = None
    if payload.visitor_initiative_id:
        initiative = get_object_or_404(Initiative, pk=payload.visitor_initiative_id)
    if payload.visitor_arena_id:
        arena = get_object_or_404(Arena, pk=payload.visitor_arena_id)
    try:
        booking, created = services.booking_create(
            user=request.user,
            slot=slot,
            visitor_initiative=initiative,
            visitor_arena=arena,
            visitors=payload.visitors,
            citizens=payload.citizens,
            calm_welcome=payload.calm_welcome,
            client_reference=payload.client_reference,
        )
    except services.SlotFull as error:
        raise HttpError(409, str(error)) from error
    except services.NetworkError as error:
        raise HttpError(400, str(error)) from error
    return (201 if created else 200), booking


@router.get(
    "/graph",
    response={200: GraphOut, **REFUSED},
    summary="Who has visited whom: nodes (initiatives, arenas) and edges with their visits",
    by_alias=True,
)
def network_graph(request):
    require(request, "network.view_graph")
    return selectors.graph()
