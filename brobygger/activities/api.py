"""The activity platform's JSON API, mounted at /api/v1/activities/.

Reading the published list and signing up or cancelling need no account (the sign-up is
rate-limited per address); creating an activity needs a session or a bearer token. Demo
activities never appear here outside demo mode (there are none), and are marked ``is_demo``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import rules
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from brobygger.accounts.tokens import BearerToken
from brobygger.activities import selectors, services, signups
from brobygger.activities.messages import site_base
from brobygger.activities.models import Activity
from brobygger.web import ratelimit

router = Router(tags=["activities"])
MAX_OFFSET = 10_000


class Message(Schema):
    detail: str


class ListIn(Schema):
    age: int | None = Field(None, ge=0, le=120)
    type: str = Field("", max_length=60)
    target_group: str = Field("", max_length=60)
    language: str = Field("", pattern="^(|[a-z]{2,3})$")
    postcode: str = Field("", pattern=r"^(|\d{4})$")
    when: str = Field("", pattern="^(|today|week)$")
    free: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=4000)
    starts_at: dt.datetime = Field(..., description="ISO 8601 with an offset")
    ends_at: dt.datetime = Field(..., description="ISO 8601 with an offset")
    capacity: int | None = Field(None, ge=1)
    place_name: str = Field("", max_length=200)
    address: str = Field("", max_length=200)
    postcode: str = Field("", pattern=r"^(|\d{4})$")
    initiative_id: uuid.UUID | None = None
    languages: list[str] = Field(default_factory=list, max_length=20)
    welcome: str = Field("", max_length=1000)
    hosting: str = Field("", max_length=1000)
    meet_again: str = Field("", max_length=1000)


class CreatedOut(Schema):
    id: uuid.UUID
    state: str


class ActivityOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int | None
    place_name: str
    address: str
    postcode: str
    initiative_id: uuid.UUID | None
    languages: list[str]
    welcome: str
    hosting: str
    meet_again: str
    price_dkk: Decimal | None
    state: str
    is_demo: bool
    confirmed_count: int
    waitlist_count: int


class SignUpIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    client_reference: uuid.UUID | None = None
    wants_company: bool = False


class SignUpOut(Schema):
    status: str
    position: int | None = None
    cancel_token: str = Field(
        "", description="Shown once; empty when a retry found the earlier sign-up."
    )


class CancelIn(Schema):
    cancel_token: str = Field(..., min_length=1, max_length=64)


class CancelOut(Schema):
    status: str


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise HttpError(400, f"{name}: give the time with an offset, e.g. 2026-12-03T14:00+01:00")
    return value


def _out(activity: Activity) -> dict:
    return {
        **{f: getattr(activity, f) for f in ActivityOut.model_fields if hasattr(activity, f)},
        "confirmed_count": signups.confirmed_count(activity),
        "waitlist_count": signups.waitlist_count(activity),
    }


@router.get("/", response=list[ActivityOut], summary="Published upcoming activities")
def activities_list(request, filters: Query[ListIn]):
    qs = selectors.activities_filtered(
        selectors.ActivityFilters(
            age=filters.age,
            activity_type=filters.type,
            target_group=filters.target_group,
            language=filters.language,
            postcode=filters.postcode,
            when=filters.when,
            free=filters.free,
        )
    )
    page = qs[filters.offset : filters.offset + filters.limit]
    return [{**_out(a), "confirmed_count": a.confirmed, "waitlist_count": a.waiting} for a in page]


@router.post(
    "/",
    response={201: CreatedOut, 400: Message, 403: Message},
    auth=[BearerToken(), django_auth],
    summary="Create an activity (a citizen's waits for approval)",
)
def activity_create(request, payload: ActivityIn):
    if not rules.has_perm("activities.create_activity", request.user):
        return 403, {"detail": "You may not do this."}
    data = services.ActivityInput(
        title=payload.title,
        description=payload.description,
        starts_at=_aware(payload.starts_at, "starts_at"),
        ends_at=_aware(payload.ends_at, "ends_at"),
        capacity=payload.capacity,
        place_name=payload.place_name,
        address=payload.address,
        postcode=payload.postcode,
        initiative_id=payload.initiative_id,
        languages=payload.languages,
        welcome=payload.welcome,
        hosting=payload.hosting,
        meet_again=payload.meet_again,
    )
    try:
        activity = services.activity_create(user=request.user, data=data)
    except services.ActivityError as exc:
        return 400, {"detail": str(exc)}
    return 201, {"id": activity.pk, "state": activity.state}


@router.get("/{activity_id}", response={200: ActivityOut, 404: Message})
def activity_get(request, activity_id: uuid.UUID):
    activity = get_object_or_404(Activity, pk=activity_id)
    if not rules.has_perm("activities.view_activity", request.user, activity):
        return 404, {"detail": "Not found."}
    return 200, _out(activity)


@router.post(
    "/{activity_id}/signups",
    response={200: SignUpOut, 201: SignUpOut, 400: Message, 404: Message, 409: Message,
              429: Message},
    summary="Sign up without an account (confirmed, or on the waiting list)",
)  # fmt: skip
def signup_create(request, activity_id: uuid.UUID, payload: SignUpIn):
    activity = get_object_or_404(Activity, pk=activity_id)
    if not rules.has_perm("activities.view_activity", request.user, activity):
        return 404, {"detail": "Not found."}
    if not ratelimit.allow(
        request,
        scope="activity-signup",
        limit=settings.ACTIVITIES_SIGNUP_LIMIT,
        window_seconds=settings.ACTIVITIES_SIGNUP_WINDOW_MINUTES * 60,
    ):
        return 429, {"detail": "Too many sign-ups from this address; try again later."}
    try:
        result = signups.signup_create(
            activity=activity,
            name=payload.name,
            email=payload.email,
            phone=payload.phone,
            wants_company=payload.wants_company,
            client_reference=payload.client_reference,
            language=get_language() or "da",
            base_url=site_base(request),
        )
    except signups.SignUpError as exc:
        return (409 if exc.code == "closed" else 400), {"detail": str(exc)}
    body = {
        "status": result.signup.status,
        "position": result.position,
        "cancel_token": result.cancel_token,
    }
    return (201 if result.created else 200), body


@router.post("/signups/cancel", response={200: CancelOut, 404: Message})
def signup_cancel(request, payload: CancelIn):
    if not ratelimit.allow(request, scope="activity-cancel", limit=30, window_seconds=600):
        raise HttpError(429, "Too many attempts; try again later.")
    try:
        signup = signups.signup_cancel(token=payload.cancel_token, base_url=site_base(request))
    except signups.SignUpError:
        return 404, {"detail": "No sign-up with this token (it may already be cancelled)."}
    return 200, {"status": signup.status}
