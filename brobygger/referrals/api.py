"""The collaboration model's JSON API, mounted at /api/v1/referrals/. Every operation touches
citizens, cases, consent or follow-up, so every one requires authentication (a session, or an
``Authorization: Bearer`` token) and declares it in the OpenAPI schema; the role checks are the
same django-rules as the pages'. Reads of a citizen's record are written to the access log: the
broker's list (``GET /cases``) carries no personal data, only the single case does (and logs).
Each operation declares every answer it gives, errors included (``brobygger.core.api``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import rules
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from brobygger.accounts.tokens import TOKEN_OR_SESSION
from brobygger.core.api import (
    EMAIL_PATTERN,
    BadRequest,
    Input,
    Message,
    ValidationErrorOut,
    line,
    lines,
    optional,
    require,
)
from brobygger.directory.models import Initiative, TaxonomyTerm
from brobygger.lib.text import MultiLine, SingleLine
from brobygger.referrals import selectors, services
from brobygger.referrals.models import AgeBand, Arena, Case, Consent, ContactLogEntry, Referral

router = Router(tags=["referrals"], auth=TOKEN_OR_SESSION)

PHONE = r"^[0-9+ ()-]{0,40}$"
CLOSED_REASON = "^(|" + "|".join(Case.ClosedReason.values) + ")$"
# What every operation can answer besides its own: no or a wrong token (401), not allowed (403).
REFUSED = {401: Message, 403: Message}


class CitizenIn(Input):
    name: SingleLine = line(..., min_length=1, max_length=200)
    phone: SingleLine = Field("", pattern=PHONE)
    email: SingleLine = Field("", max_length=254, pattern=optional(EMAIL_PATTERN))
    reach_when: SingleLine = line("", max_length=300)
    language: str = Field("da", pattern="^[a-z]{2,3}$")
    age_band: AgeBand | None = None
    postcode: str = Field("", pattern=r"^(|[0-9]{4})$")
    interests: MultiLine = lines("", max_length=2000)
    first_step: MultiLine = lines("", max_length=2000)
    wants_company: bool = False
    special_group: SingleLine = line("", max_length=60, description="special-group taxonomy code")


class ConsentIn(Input):
    given_by: Consent.GivenBy = Consent.GivenBy.CITIZEN
    method: Consent.Method = Consent.Method.ORAL
    valid_until: dt.date | None = None
    outcome: bool = False


class ReferralIn(Input):
    arena_id: uuid.UUID
    client_reference: uuid.UUID | None = Field(
        None,
        description=(
            "Your own id for this submission; a retry with it by the same user through the API "
            "is stored once (the existing case is returned with 200)."
        ),
    )
    citizen: CitizenIn
    consent: ConsentIn
    tils_items: list[Annotated[int, Field(ge=1, le=3)]] | None = Field(
        None,
        min_length=3,
        max_length=3,
        description="The three loneliness questions (1 hardly ever, 2 some of the time, 3 "
        "often); needs consent.outcome",
    )


class ArenaCaseOut(Schema):
    """What staff see of their arenas' referrals: no personal data."""

    id: uuid.UUID
    arena: str = Field(..., alias="arena.name")
    created_at: dt.datetime
    state: str
    closed_reason: str
    reference: str = Field(..., alias="pseudonym")


class CaseListOut(Schema):
    """One line of the broker's list: what a list needs to pick the next case, and no personal
    data (the details come from ``GET /cases/{case_id}``, which is written to the access log)."""

    id: uuid.UUID
    reference: str = Field(..., alias="pseudonym")
    state: str
    closed_reason: str
    source: str
    arena: str | None = None
    created_at: dt.datetime
    contacted_at: dt.datetime | None
    closed_at: dt.datetime | None
    assigned_to: str | None = Field(None, description="The broker's user name")

    @staticmethod
    def resolve_arena(obj):
        return obj.arena.name if obj.arena_id else None

    @staticmethod
    def resolve_assigned_to(obj):
        return obj.assigned_to.get_username() if obj.assigned_to_id else None


class CaseReadIn(Schema):
    reason: SingleLine = line(
        "case work", max_length=200, description="Why you look: kept in the access log"
    )


class CaseOut(Schema):
    id: uuid.UUID
    state: str
    closed_reason: str
    source: str
    arena: str | None = None
    created_at: dt.datetime
    name: str = Field(..., alias="citizen.name")
    phone: str = Field(..., alias="citizen.phone")
    email: str = Field(..., alias="citizen.email")
    reach_when: str = Field(..., alias="citizen.reach_when")
    language: str = Field(..., alias="citizen.language")
    age_band: str = Field(..., alias="citizen.age_band")
    postcode: str = Field(..., alias="citizen.postcode")
    interests: str = Field(..., alias="citizen.interests")
    first_step: str = Field(..., alias="citizen.first_step")
    wants_company: bool = Field(..., alias="citizen.wants_company")

    @staticmethod
    def resolve_arena(obj):
        return obj.arena.name if obj.arena_id else None


class StateIn(Input):
    state: Case.State
    closed_reason: str = Field("", pattern=CLOSED_REASON, description="Needed to close")


class ContactIn(Input):
    channel: ContactLogEntry.Channel
    reached: bool = True
    note: MultiLine = lines("", max_length=2000)


class InitiativeReferralIn(Input):
    initiative_id: uuid.UUID
    message: MultiLine = lines("", max_length=2000)
    without_contact: bool = Field(
        False,
        description="The initiative has nobody who receives referrals: the broker confirms "
        "that they will tell it themselves (refused with 400 otherwise)",
    )


class ReferralOut(Schema):
    id: uuid.UUID
    initiative_id: uuid.UUID
    initiative: str = Field(..., alias="initiative.name")
    created_at: dt.datetime
    first_visit_at: dt.datetime | None
    participating_at: dt.datetime | None
    status: str


class ContactReferralOut(ReferralOut):
    """What an initiative's contact person needs, and no more."""

    name: str = Field(..., alias="case.citizen.name")
    phone: str = Field(..., alias="case.citizen.phone")
    reach_when: str = Field(..., alias="case.citizen.reach_when")
    language: str = Field(..., alias="case.citizen.language")
    wants_company: bool = Field(..., alias="case.citizen.wants_company")
    message: str


class CaseSuggestionOut(Schema):
    initiative_id: uuid.UUID
    name: str
    score: int
    reasons: list[str]


def _real_cases():
    return Case.objects.select_related("citizen", "arena")


def _case(request, case_id: uuid.UUID, permission: str) -> Case:
    case = get_object_or_404(_real_cases(), pk=case_id)
    require(request, permission, case)
    return case


def _fail(error: services.ReferralError):
    raise HttpError(400, str(error))


@router.post(
    "/",
    response={201: ArenaCaseOut, 200: ArenaCaseOut, 400: BadRequest, **REFUSED, 404: Message},
    summary="Refer a citizen to the community broker, with consent (staff of the arena)",
)
def referral_create(request, payload: ReferralIn):
    arena = get_object_or_404(Arena, pk=payload.arena_id)
    require(request, "referrals.refer_from_arena", arena)
    fields = payload.citizen.dict()
    code = fields.pop("special_group")
    fields["age_band"] = fields["age_band"] or ""
    fields["special_group"] = None
    if code:
        fields["special_group"] = TaxonomyTerm.objects.filter(
            taxonomy__code="special_group", code=code
        ).first()
        if fields["special_group"] is None:
            raise HttpError(400, f"citizen.special_group: unknown code {code!r}")
    items = payload.tils_items
    try:
        case, created = services.referral_submit(
            user=request.user,
            arena=arena,
            citizen_fields=fields,
            consent=services.ConsentGiven(**payload.consent.dict()),
            items=tuple(items) if items else None,
            client_reference=payload.client_reference,
            via=Case.Via.API,
        )
    except (services.ReferralError, ValueError) as error:
        raise HttpError(400, str(error)) from error
    return (201 if created else 200), case


@router.get("/", response={200: list[ArenaCaseOut], **REFUSED}, summary="My arenas' referrals")
def referrals_of_my_arenas(request):
    require(request, "referrals.view_my_arenas")
    return list(selectors.arena_referrals(selectors.arenas_of(request.user))[:500])


@router.post(
    "/{case_id}/withdraw",
    response={204: None, 400: ValidationErrorOut, **REFUSED, 404: Message},
    summary="Withdraw the citizen's consent: stops all processing and deletes the details",
)
def consent_withdraw(request, case_id: uuid.UUID):
    case = get_object_or_404(_real_cases(), pk=case_id)
    if not (
        rules.has_perm("referrals.change_case", request.user, case)
        or rules.has_perm("referrals.view_arena_referrals", request.user, case.arena)
    ):
        raise HttpError(403, "You may not do this.")
    services.consent_withdraw(case=case, user=request.user)
    return 204, None


@router.get(
    "/cases",
    response={200: list[CaseListOut], 400: ValidationErrorOut, **REFUSED},
    summary="The broker's queue: open cases (or one state), without personal data",
)
def cases_list(request, state: Case.State | None = None):
    require(request, "referrals.view_cases")
    return list(selectors.case_queue(state or "")[:500])


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, 400: ValidationErrorOut, **REFUSED, 404: Message},
    summary="One case with the citizen's details (written to the access log)",
)
def case_get(request, case_id: uuid.UUID, query: Query[CaseReadIn]):
    case = _case(request, case_id, "referrals.view_case")
    services.access_log(user=request.user, citizen=case.citizen, action="view", reason=query.reason)
    return case


@router.post(
    "/cases/{case_id}/state",
    response={200: CaseListOut, 400: BadRequest, **REFUSED, 404: Message},
    summary="Move the case on (contacted, in dialogue) or close it; answers the case's line of "
    "the list (no personal data: that comes from GET /cases/{case_id}, which is logged)",
)
def case_state(request, case_id: uuid.UUID, payload: StateIn):
    case = _case(request, case_id, "referrals.change_case")
    try:
        return services.case_advance(case, payload.state, reason=payload.closed_reason)
    except services.ReferralError as error:
        _fail(error)


@router.post(
    "/cases/{case_id}/contacts",
    response={201: Message, 400: BadRequest, **REFUSED, 404: Message},
    summary="Log a contact with the citizen",
)
def case_contact(request, case_id: uuid.UUID, payload: ContactIn):
    case = _case(request, case_id, "referrals.change_case")
    try:
        services.contact_add(case=case, user=request.user, **payload.dict())
    except services.ReferralError as error:
        _fail(error)
    return 201, {"detail": "logged"}


@router.get(
    "/cases/{case_id}/suggestions",
    response={200: list[CaseSuggestionOut], 400: ValidationErrorOut, **REFUSED, 404: Message},
    summary="Initiatives that may suit the citizen",
)
def case_suggestions(request, case_id: uuid.UUID):
    case = _case(request, case_id, "referrals.view_case")
    return [
        {
            "initiative_id": s.initiative.pk,
            "name": s.initiative.name,
            "score": s.score,
            "reasons": s.reasons,
        }
        for s in selectors.suggestions(case)
    ]


@router.post(
    "/cases/{case_id}/referrals",
    response={201: ReferralOut, 400: BadRequest, **REFUSED, 404: Message},
    summary="Refer the case to an initiative",
)
def case_refer(request, case_id: uuid.UUID, payload: InitiativeReferralIn):
    case = _case(request, case_id, "referrals.change_case")
    initiative = get_object_or_404(Initiative, pk=payload.initiative_id)
    try:
        referral = services.initiative_refer(
            case=case,
            initiative=initiative,
            user=request.user,
            message=payload.message,
            without_contact=payload.without_contact,
        )
    except services.ReferralError as error:
        _fail(error)
    return 201, referral


@router.get(
    "/initiative-referrals",
    response={200: list[ContactReferralOut], **REFUSED},
    summary="Referrals to the initiatives I am contact person for",
)
def initiative_referrals(request):
    require(request, "referrals.view_initiative_referrals")
    referrals = services.referrals_seen_by_contact(request.user)
    return referrals


def _confirm(request, referral_id: uuid.UUID, confirm) -> Referral:
    """The contact person (or the broker) confirms a step of one referral."""
    referral = get_object_or_404(
        Referral.objects.filter(case__is_demo=False).select_related("case", "initiative"),
        pk=referral_id,
    )
    require(request, "referrals.confirm_referral", referral)
    try:
        return confirm(referral=referral, user=request.user)
    except services.ReferralError as error:
        raise HttpError(400, str(error)) from error


@router.post(
    "/initiative-referrals/{referral_id}/first-visit",
    response={200: ReferralOut, 400: BadRequest, **REFUSED, 404: Message},
    summary="Confirm: came to the first visit",
)
def confirm_first_visit(request, referral_id: uuid.UUID):
    return _confirm(request, referral_id, services.referral_confirm_first_visit)


@router.post(
    "/initiative-referrals/{referral_id}/participating",
    response={200: ReferralOut, 400: BadRequest, **REFUSED, 404: Message},
    summary="Confirm: still taking part after three months",
)
def confirm_participating(request, referral_id: uuid.UUID):
    return _confirm(request, referral_id, services.referral_confirm_participating)
