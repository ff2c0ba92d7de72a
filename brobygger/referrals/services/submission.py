"""Referrals in: staff refer a citizen (web form or API) and citizens ask to be contacted, each
with the consent recorded, stored once per client reference.

A client reference (chosen by the form when shown, or by an API client) makes a retry return
the case it already made. It matches only within the same way in (source and form/API) and the
same submitter (the user, or an anonymous visitor's session), so a reference replayed by anyone
else never returns their case, its receipt or its withdrawal link: it is simply another
submission. That is safer than a 409, which would tell a stranger the reference exists.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from brobygger.referrals.models import Case, Citizen, Consent, OutcomeMeasurement
from brobygger.referrals.services.errors import ReferralError
from brobygger.referrals.services.notifications import notify_brokers

CITIZEN_FIELDS = (
    "name",
    "phone",
    "email",
    "reach_when",
    "language",
    "age_band",
    "postcode",
    "interests",
    "first_step",
    "wants_company",
    "special_group",
    "message",
)


@dataclass(frozen=True)
class ConsentGiven:
    given_by: str = Consent.GivenBy.CITIZEN
    method: str = Consent.Method.ORAL
    valid_until: dt.date | None = None
    outcome: bool = False  # also agreed to answer the three questions again after 3 months


def _default_valid_until(now: dt.datetime) -> dt.date:
    return (now + dt.timedelta(days=round(30.44 * settings.REFERRALS_CONSENT_MONTHS))).date()


def _consents_create(citizen, consent: ConsentGiven, *, recorded_by, now) -> None:
    valid_until = consent.valid_until or _default_valid_until(now)
    if valid_until < now.date():
        raise ReferralError("valid_until: the consent would already have expired")
    purposes = [Consent.Purpose.REFERRAL] + ([Consent.Purpose.OUTCOME] if consent.outcome else [])
    for purpose in purposes:
        Consent.objects.create(
            citizen=citizen,
            purpose=purpose,
            given_by=consent.given_by,
            given_to=settings.BROKER_NAME,
            method=consent.method,
            given_at=now,
            valid_until=valid_until,
            recorded_by=recorded_by,
        )


def _earlier(key: dict, arena) -> Case | None:
    """The case this submitter already made with this reference, if any."""
    if key["client_reference"] is None:
        return None
    existing = Case.all_rows.filter(**key).first()
    if existing is not None and existing.arena_id != (arena.pk if arena else None):
        raise ReferralError("client_reference: already used for another arena")
    return existing


def _case_create(
    *, citizen_fields, consent, source, arena, user, items, key: dict, now
) -> tuple[Case, bool]:
    from brobygger.referrals.services.changes import outcome_record

    unknown = set(citizen_fields) - set(CITIZEN_FIELDS)
    if unknown:
        raise ReferralError(f"{sorted(unknown)[0]}: not a field the broker may receive")
    if not (citizen_fields.get("phone") or citizen_fields.get("email")):
        raise ReferralError("phone: give a phone number or an e-mail address")
    if items is not None and not consent.outcome:
        raise ReferralError("outcome: the three questions need the citizen's consent")
    existing = _earlier(key, arena)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            citizen = Citizen.objects.create(created_at=now, **citizen_fields)
            _consents_create(
                citizen, consent, recorded_by=user if source == Case.Source.STAFF else None, now=now
            )
            case = Case.objects.create(
                citizen=citizen,
                arena=arena,
                referred_by=user if source == Case.Source.STAFF else None,
                created_at=now,
                **key,
            )
            if items is not None:
                outcome_record(
                    case=case, moment=OutcomeMeasurement.Moment.INTAKE, items=items, now=now
                )
    except IntegrityError:
        # the same reference from the same submitter at the same moment (a retry): keep the first
        existing = _earlier(key, arena)
        if existing is None:
            raise
        return existing, False
    return case, True


def referral_submit(
    *,
    user,
    arena,
    citizen_fields: dict,
    consent: ConsentGiven,
    items: tuple[int, int, int] | None = None,
    client_reference: uuid.UUID | None = None,
    via: str = Case.Via.FORM,
    now: dt.datetime | None = None,
) -> tuple[Case, bool]:
    """Staff refer a citizen to the broker, with the consent recorded. Returns the case and
    whether it was created (False: this user sent this client_reference ``via`` the same way
    before). The brokers are told of a new case by e-mail (its reference and a link only)."""
    key = {
        "source": Case.Source.STAFF,
        "submitted_via": via,
        "submitter_key": f"user:{user.pk}" if client_reference is not None else "",
        "client_reference": client_reference,
    }
    case, created = _case_create(
        citizen_fields=citizen_fields,
        consent=consent,
        source=Case.Source.STAFF,
        arena=arena,
        user=user,
        items=items,
        key=key,
        now=now or timezone.now(),
    )
    if created:
        notify_brokers(case, "staff")
    return case, created


def self_referral_submit(
    *,
    citizen_fields: dict,
    client_reference: uuid.UUID | None = None,
    submitter: str = "",
    now=None,
) -> Case:
    """A citizen asks the broker to get in touch (the web form is their written consent).
    ``submitter`` identifies the anonymous visitor's session (an opaque hash); a reference
    counts only together with it."""
    if client_reference is not None and not submitter:
        raise ValueError("a client_reference needs the submitter's session")
    key = {
        "source": Case.Source.SELF,
        "submitted_via": Case.Via.FORM,
        "submitter_key": submitter if client_reference is not None else "",
        "client_reference": client_reference,
    }
    case, created = _case_create(
        citizen_fields=citizen_fields,
        consent=ConsentGiven(method=Consent.Method.ONLINE),
        source=Case.Source.SELF,
        arena=None,
        user=None,
        items=None,
        key=key,
        now=now or timezone.now(),
    )
    if created:
        notify_brokers(case, "self")
    return case
