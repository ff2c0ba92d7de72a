"""Our own JSON API for the directory (django-ninja), mounted at /api/v1/.

Reads are public (published initiatives); every write needs a bearer token or a signed-in
session (with its CSRF token) of a user with the right. Each operation declares every answer it
gives, errors included (``brobygger.core.api``).
"""

from __future__ import annotations

import datetime as dt
import uuid

import rules
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import field_validator

from brobygger.accounts.tokens import TOKEN_OR_SESSION
from brobygger.core.api import (
    EMAIL_PATTERN,
    WEB_URL_PATTERN,
    BadRequest,
    Input,
    Message,
    ValidationErrorOut,
    line,
    lines,
    optional,
)
from brobygger.directory import selectors, services, validation
from brobygger.directory.models import (
    SUGGESTION_NAME_MAX,
    SUGGESTION_TEXT_MAX,
    Initiative,
    TaxonomyTerm,
)
from brobygger.lib.text import MultiLine, SingleLine

router = Router(tags=["directory"])
# How far into the search results one may page (offset); a result list is never longer.
MAX_OFFSET = 10_000


def _checked(name: str, value: str | None) -> str | None:
    """A web address, e-mail or postcode as ``validation`` accepts it (pydantic validator)."""
    if value:
        problem = validation.problems({name: value}).get(name)
        if problem:
            raise ValueError(problem)
    return value


class TermOut(Schema):
    code: str
    name_da: str
    name_en: str


class InitiativeOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    organization: str = Field(..., alias="organization.name")
    status: str
    initiative_type: str | None = None
    target_groups: list[str]
    special_groups: list[str]
    minimum_age: int | None
    maximum_age: int | None
    first_visit: str
    may_bring_companion: bool | None
    url: str
    last_reviewed: dt.date | None

    @staticmethod
    def resolve_url(obj):
        return obj.safe_url  # a stored non-web address is never passed on

    @staticmethod
    def resolve_initiative_type(obj):
        return obj.initiative_type.code if obj.initiative_type_id else None

    @staticmethod
    def resolve_target_groups(obj):
        return [t.code for t in obj.target_groups.all()]

    @staticmethod
    def resolve_special_groups(obj):
        return [t.code for t in obj.special_groups.all()]


class SearchIn(Schema):
    q: SingleLine = line("", max_length=200)
    age: int | None = Field(None, ge=0, le=120)
    target_group: SingleLine = line("", max_length=60, description="target-group code")
    type: SingleLine = line("", max_length=60, description="initiative-type code")
    special_group: SingleLine = line("", max_length=60, description="special-group code")
    language: SingleLine = line("", max_length=60, description="language code")
    place: SingleLine = line("", max_length=200)
    open: str = Field("", pattern="^(|now|week)$")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class InitiativePatch(Input):
    """The fields to change; a field left out keeps its value (``null`` only where it clears)."""

    name: SingleLine = line(None, min_length=1, max_length=300)
    description: MultiLine = lines(None, max_length=10_000)
    first_visit: MultiLine = lines(None, max_length=10_000)
    may_bring_companion: bool | None = None
    application_process: MultiLine = lines(None, max_length=10_000)
    eligibility_description: MultiLine = lines(None, max_length=10_000)
    url: SingleLine = Field(
        None,
        max_length=validation.URL_MAX_LENGTH,
        pattern=optional(WEB_URL_PATTERN),
        description="An http or https address, or empty.",
    )
    email: SingleLine = Field(None, max_length=254, pattern=optional(EMAIL_PATTERN))
    minimum_age: int | None = Field(None, ge=0, le=120)
    maximum_age: int | None = Field(None, ge=0, le=120)
    status: str = Field(None, pattern="^(draft|published|inactive|defunct)$")

    @field_validator("url", "email")
    @classmethod
    def _valid_link(cls, value, info):
        return _checked(info.field_name, value)


class SuggestionIn(Input):
    name: SingleLine = line(..., min_length=1, max_length=SUGGESTION_NAME_MAX)
    description: MultiLine = lines(..., min_length=1, max_length=SUGGESTION_TEXT_MAX)
    organization_name: SingleLine = line("", max_length=SUGGESTION_NAME_MAX)
    postal_code: str = Field("", pattern=r"^(|[0-9]{4})$", description="Four digits, or empty.")

    @field_validator("postal_code")
    @classmethod
    def _valid_postcode(cls, value, info):
        return _checked(info.field_name, value)


class SuggestionOut(Schema):
    id: int
    name: str
    state: str


@router.get(
    "/initiatives",
    response={200: list[InitiativeOut], 400: ValidationErrorOut},
    summary="Search published initiatives",
)
def initiatives_search(request, filters: Query[SearchIn]):
    params = selectors.SearchParams(
        text=filters.q,
        age=filters.age,
        target_group=filters.target_group,
        initiative_type=filters.type,
        special_group=filters.special_group,
        language=filters.language,
        place=filters.place,
        open=filters.open,
    )
    # The open data: real initiatives only, never the demo's examples.
    qs = selectors.initiative_search(params, queryset=selectors.real_initiatives())
    return list(qs[filters.offset : filters.offset + filters.limit])


@router.get(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, 400: ValidationErrorOut, 404: Message},
    summary="One initiative",
)
def initiative_get(request, initiative_id: uuid.UUID):
    initiative = get_object_or_404(
        Initiative.objects.select_related("organization"), pk=initiative_id
    )
    if initiative.is_example or not rules.has_perm(
        "directory.view_initiative", request.user, initiative
    ):
        return 404, {"detail": "Not found."}
    return initiative


@router.patch(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, 400: BadRequest, 401: Message, 403: Message, 404: Message},
    auth=TOKEN_OR_SESSION,
    summary="Update an initiative (its organisation's editors and administrators)",
)
def initiative_patch(request, initiative_id: uuid.UUID, payload: InitiativePatch):
    initiative = get_object_or_404(
        Initiative.objects.select_related("organization"), pk=initiative_id
    )
    if not rules.has_perm("directory.change_initiative", request.user, initiative):
        raise HttpError(403, "You may not change this initiative.")
    try:
        services.initiative_update(
            initiative=initiative, user=request.user, fields=payload.dict(exclude_unset=True)
        )
    except services.DirectoryError as exc:
        return 400, {"detail": str(exc)}
    return initiative


@router.post(
    "/suggestions",
    response={201: SuggestionOut, 400: ValidationErrorOut, 401: Message},
    auth=TOKEN_OR_SESSION,
    summary="Suggest a new initiative for moderation",
)
def suggestion_post(request, payload: SuggestionIn):
    suggestion = services.suggestion_create(**payload.dict())
    return 201, suggestion


@router.get(
    "/taxonomy/{taxonomy_code}",
    response={200: list[TermOut], 400: ValidationErrorOut},
    summary="The terms of one taxonomy (none if the code is unknown)",
)
def taxonomy_terms(request, taxonomy_code: str = Path(..., pattern=r"^[a-z_]{1,60}$")):
    return list(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy_code).order_by("position"))
