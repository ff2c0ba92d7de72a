"""The activity platform's JSON API, mounted at /api/v1/activities/.

Reading the published list and signing up or cancelling need no account (the sign-up is
rate-limited per address, and per address in one activity); creating an activity needs a
session or a bearer token. Demo activities never appear here outside demo mode (there are none),
and are marked ``is_demo``.

The OpenAPI document says what the server does: every text field refuses control characters
(tab and newline only in the multi-line ones), a sign-up needs an e-mail or a phone number
(``anyOf``), an activity needs an address or an online link (``anyOf``) and ends after it starts,
and every answer an operation can give is declared. Bad input answers 400 with
``{"detail": [{"type", "loc", "msg"}]}``, whether the schema or the service found it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import rules
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import AwareDatetime, ConfigDict, ValidationInfo, field_validator

from brobygger.accounts.tokens import TOKEN_OR_SESSION
from brobygger.activities import limits, selectors, services, signups
from brobygger.activities.models import MAX_CAPACITY, Activity
from brobygger.core import ratelimit
from brobygger.core.api import (
    EMAIL_PATTERN,
    WEB_URL_PATTERN,
    Input,
    Message,
    ValidationErrorOut,
    line,
    lines,
    optional,
)
from brobygger.core.sms import textable_pattern
from brobygger.directory.models import Initiative
from brobygger.lib.text import MultiLine, SingleLine

router = Router(tags=["activities"])
LanguageCode = Annotated[str, Field(pattern="^[a-z]{2,3}$")]
MAX_OFFSET = 10_000


def _one_of(*names: str) -> dict:
    """JSON Schema: at least one of ``names`` is present and not empty."""
    return {"anyOf": [{"required": [n], "properties": {n: {"minLength": 1}}} for n in names]}


def _invalid(errors: dict[str, str], *, code: str = "invalid", where: str = "payload"):
    """A service's refusal in the same shape as a schema's (400)."""
    return 400, {
        "detail": [
            {"type": code, "loc": ["body", where, field], "msg": message}
            for field, message in errors.items()
        ]
    }


class ListIn(Schema):
    age: int | None = Field(None, ge=0, le=120)
    type: SingleLine = line("", max_length=60)
    target_group: SingleLine = line("", max_length=60)
    language: str = Field("", pattern="^(|[a-z]{2,3})$")
    postcode: str = Field("", pattern=r"^(|\d{4})$")
    when: str = Field("", pattern="^(|today|week)$")
    free: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ActivityIn(Input):
    """One activity. It needs an address, or an online link for an online activity."""

    model_config = ConfigDict(json_schema_extra=_one_of("address", "online_url"))

    title: SingleLine = line(..., min_length=1, max_length=200)
    description: MultiLine = lines(..., min_length=1, max_length=4000)
    starts_at: AwareDatetime = Field(..., description="ISO 8601 with an offset, in the future")
    ends_at: AwareDatetime = Field(..., description="ISO 8601 with an offset, after starts_at")
    capacity: int | None = Field(None, ge=1, le=MAX_CAPACITY, description="Places; empty: no limit")
    price_dkk: float | None = Field(
        None, ge=0, le=99999.99, description="Price in kroner, rounded to øre; empty: free"
    )
    place_name: SingleLine = line("", max_length=200)
    address: SingleLine = line("", max_length=200, description="Needed unless online_url")
    postcode: str = Field("", pattern=r"^(|\d{4})$")
    online_url: str = Field(
        "", max_length=500, pattern=optional(WEB_URL_PATTERN), validate_default=True,
        description="An http(s) link, for an online activity; needed unless address",
    )  # fmt: skip
    initiative_id: uuid.UUID | None = Field(
        None, description="An initiative you host: you edit its organisation, or you are a "
        "broker or administrator",
    )  # fmt: skip
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    welcome: MultiLine = lines("", max_length=1000)
    hosting: MultiLine = lines("", max_length=1000)
    meet_again: MultiLine = lines("", max_length=1000)

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _in_utc(cls, value: dt.datetime) -> dt.datetime:
        """The same instant in UTC: ISO 8601 allows offsets up to 23:59, PostgreSQL holds 15:59."""
        return value.astimezone(dt.UTC)

    @field_validator("ends_at")
    @classmethod
    def _ends_after_it_starts(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        starts = info.data.get("starts_at")
        if starts is not None and value <= starts:
            raise ValueError("must be after starts_at")
        return value

    @field_validator("online_url")
    @classmethod
    def _somewhere(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip() and not (info.data.get("address") or "").strip():
            raise ValueError("give an address, or an online_url for an online activity")
        return value


class CreatedOut(Schema):
    id: uuid.UUID
    state: Literal["published", "submitted"] = Field(
        ..., description="submitted: waits for a broker's or administrator's approval"
    )


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
    online_url: str
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


class SignUpIn(Input):
    """A sign-up needs an e-mail address or a phone number we can text (or both)."""

    model_config = ConfigDict(json_schema_extra=_one_of("email", "phone"))

    name: SingleLine = line(..., min_length=1, max_length=200)
    email: str = Field(
        "", max_length=254, pattern=optional(EMAIL_PATTERN), description="Needed unless phone"
    )
    phone: str = Field(
        "", max_length=30, pattern=textable_pattern(), validate_default=True,
        description="Needed unless email. Only numbers we text: by default Danish, 8 digits "
        "or +45 and 8 digits (SMS_ALLOWED_PREFIXES)",
    )  # fmt: skip
    client_reference: uuid.UUID | None = Field(
        None, description="Your id for this sign-up: a retry with it by the same caller (the "
        "same signed-in user, or the same e-mail or phone) returns the first answer",
    )  # fmt: skip
    wants_company: bool = False

    @field_validator("phone")
    @classmethod
    def _reachable(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip() and not (info.data.get("email") or "").strip():
            raise ValueError("give an e-mail address or a phone number")
        return value


class SignUpOut(Schema):
    status: Literal["confirmed", "waitlisted", "received"] = Field(
        ..., description="received: this person (the same e-mail or phone) was signed up "
        "already; the details went to that contact, and nothing more is told here",
    )  # fmt: skip
    position: int | None = Field(None, description="Place on the waiting list, when waitlisted")
    cancel_token: str = Field(
        "", description="Shown once; empty when a retry or a repeat found the earlier sign-up."
    )


class CancelIn(Input):
    cancel_token: SingleLine = line(..., min_length=1, max_length=64)


class CancelOut(Schema):
    status: str


def _out(activity: Activity) -> dict:
    return {
        **{f: getattr(activity, f) for f in ActivityOut.model_fields if hasattr(activity, f)},
        "confirmed_count": signups.confirmed_count(activity),
        "waitlist_count": signups.waitlist_count(activity),
    }


@router.get(
    "/",
    response={200: list[ActivityOut], 400: ValidationErrorOut},
    summary="Published upcoming activities",
)
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
    response={201: CreatedOut, 400: ValidationErrorOut, 401: Message, 403: Message, 404: Message},
    auth=TOKEN_OR_SESSION,
    summary="Create an activity (a citizen's waits for approval)",
)
def activity_create(request, payload: ActivityIn):
    if not rules.has_perm("activities.create_activity", request.user):
        return 403, {"detail": "You may not do this."}
    if payload.initiative_id is not None:  # a missing or foreign initiative: 404 / 403, not 400
        initiative = Initiative.objects.filter(pk=payload.initiative_id).first()
        if initiative is None:
            return 404, {"detail": "No such initiative."}
        if not services.hosts_initiative(request.user, initiative):
            return 403, {"detail": "You do not host this initiative."}
    data = services.ActivityInput(
        title=payload.title,
        description=payload.description,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        price_dkk=None if payload.price_dkk is None else Decimal(f"{payload.price_dkk:.2f}"),
        place_name=payload.place_name,
        address=payload.address,
        postcode=payload.postcode,
        online_url=payload.online_url,
        initiative_id=payload.initiative_id,
        # an editor's activity is their organisation's when they edit exactly one (with an
        # initiative, the initiative's organisation is the activity's)
        organization_id=None
        if payload.initiative_id is not None
        else services.sole_organization_id(request.user),
        languages=payload.languages,
        welcome=payload.welcome,
        hosting=payload.hosting,
        meet_again=payload.meet_again,
    )
    try:
        activity = services.activity_create(user=request.user, data=data)
    except services.ActivityError as exc:
        return _invalid(exc.errors)
    return 201, {"id": activity.pk, "state": activity.state}


@router.get(
    "/{activity_id}",
    response={200: ActivityOut, 400: ValidationErrorOut, 404: Message},
    summary="One activity (published, or yours)",
)
def activity_get(request, activity_id: uuid.UUID):
    activity = get_object_or_404(Activity.with_demo, pk=activity_id)
    if not rules.has_perm("activities.view_activity", request.user, activity):
        return 404, {"detail": "Not found."}
    return 200, _out(activity)


@router.post(
    "/{activity_id}/signups",
    response={200: SignUpOut, 201: SignUpOut, 400: ValidationErrorOut, 404: Message,
              409: Message, 429: Message},
    summary="Sign up without an account (confirmed, or on the waiting list)",
)  # fmt: skip
def signup_create(request, activity_id: uuid.UUID, payload: SignUpIn):
    activity = get_object_or_404(Activity.with_demo, pk=activity_id)
    if not rules.has_perm("activities.view_activity", request.user, activity):
        return 404, {"detail": "Not found."}
    if not limits.signup_allowed(request, activity):
        return 429, {"detail": "Too many sign-ups from this address; try again later."}
    try:
        result = signups.signup_create(
            activity=activity,
            name=payload.name,
            email=payload.email,
            phone=payload.phone,
            wants_company=payload.wants_company,
            client_reference=payload.client_reference,
            submitter=request.user,
            language=get_language() or "da",
        )
    except signups.SignUpError as exc:
        if exc.code == "closed":
            return 409, {"detail": str(exc)}
        field, _sep, message = str(exc).partition(": ")
        return _invalid({exc.field or field: message or str(exc)}, code=exc.code)
    if result.repeat:  # the details went to the contact; whoever typed it learns nothing more
        return 200, {"status": "received", "position": None, "cancel_token": ""}
    body = {
        "status": result.signup.status,
        "position": result.position,
        "cancel_token": result.cancel_token,
    }
    return (201 if result.created else 200), body


@router.post(
    "/signups/cancel",
    response={200: CancelOut, 400: ValidationErrorOut, 404: Message, 429: Message},
    summary="Cancel a sign-up with its cancel token",
)
def signup_cancel(request, payload: CancelIn):
    if not ratelimit.allow(request, scope="activity-cancel", limit=30, window_seconds=600):
        raise HttpError(429, "Too many attempts; try again later.")
    try:
        signup = signups.signup_cancel(token=payload.cancel_token)
    except signups.SignUpError:
        return 404, {"detail": "No sign-up with this token (it may already be cancelled)."}
    return 200, {"status": signup.status}
