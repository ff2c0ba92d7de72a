"""Writes of the collaboration model: referral with consent, the broker's case work, the
initiative's confirmations, outcomes, withdrawal, anonymisation, reminders and the access log.

Every function that changes more than one row runs in one transaction, so a failure stores
nothing half-made.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from brobygger.referrals.models import (
    AccessLogEntry,
    Case,
    Citizen,
    Consent,
    ContactLogEntry,
    OutcomeMeasurement,
    Referral,
)
from brobygger.referrals.tils import tils_score


class ReferralError(ValueError):
    """A referral operation that cannot be done, with a message naming the field or state."""


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
)

# The order a case moves in; a case never moves back (except by closing).
STATE_ORDER = [
    Case.State.NEW,
    Case.State.CONTACTED,
    Case.State.IN_DIALOGUE,
    Case.State.MATCHED,
    Case.State.FIRST_VISIT,
    Case.State.PARTICIPATING,
    Case.State.CLOSED,
]
STATE_TIMESTAMP = {
    Case.State.CONTACTED: "contacted_at",
    Case.State.MATCHED: "matched_at",
    Case.State.FIRST_VISIT: "first_visit_at",
    Case.State.PARTICIPATING: "participating_at",
    Case.State.CLOSED: "closed_at",
}


@dataclass(frozen=True)
class ConsentGiven:
    given_by: str = Consent.GivenBy.CITIZEN
    method: str = Consent.Method.ORAL
    valid_until: dt.date | None = None
    outcome: bool = False  # also agreed to answer the three questions again after 3 months


def access_log(*, user, citizen: Citizen, action: str, reason: str) -> None:
    AccessLogEntry.objects.create(user=user, citizen=citizen, action=action, reason=reason)


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


def _case_create(
    *, citizen_fields, consent, source, arena, user, items, client_reference, now
) -> tuple[Case, bool]:
    unknown = set(citizen_fields) - set(CITIZEN_FIELDS)
    if unknown:
        raise ReferralError(f"{sorted(unknown)[0]}: not a field the broker may receive")
    if not (citizen_fields.get("phone") or citizen_fields.get("email")):
        raise ReferralError("phone: give a phone number or an e-mail address")
    if items is not None and not consent.outcome:
        raise ReferralError("outcome: the three questions need the citizen's consent")
    if client_reference is not None:
        existing = Case.objects.filter(client_reference=client_reference).first()
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
                source=source,
                referred_by=user if source == Case.Source.STAFF else None,
                created_at=now,
                client_reference=client_reference,
            )
            if items is not None:
                outcome_record(case=case, moment=OutcomeMeasurement.Moment.INTAKE, items=items)
    except IntegrityError:
        # the same client_reference, submitted at the same moment by a retry: keep the first
        existing = Case.objects.filter(client_reference=client_reference).first()
        if client_reference is None or existing is None:
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
    now: dt.datetime | None = None,
) -> tuple[Case, bool]:
    """Staff refer a citizen to the broker, with the consent recorded. Returns the case and
    whether it was created (False: this client_reference was stored before)."""
    return _case_create(
        citizen_fields=citizen_fields,
        consent=consent,
        source=Case.Source.STAFF,
        arena=arena,
        user=user,
        items=items,
        client_reference=client_reference,
        now=now or timezone.now(),
    )


def self_referral_submit(
    *, citizen_fields: dict, client_reference: uuid.UUID | None = None, now=None
) -> Case:
    """A citizen asks the broker to get in touch (the web form is their written consent)."""
    case, _created = _case_create(
        citizen_fields=citizen_fields,
        consent=ConsentGiven(method=Consent.Method.ONLINE),
        source=Case.Source.SELF,
        arena=None,
        user=None,
        items=None,
        client_reference=client_reference,
        now=now or timezone.now(),
    )
    return case


def _require_open(case: Case) -> None:
    if case.state == Case.State.CLOSED:
        raise ReferralError("state: the case is closed")


def case_advance(
    case: Case, state: str, *, now: dt.datetime | None = None, reason: str = ""
) -> Case:
    """Move a case forward to ``state`` (never back), stamping the time of each new state."""
    now = now or timezone.now()
    _require_open(case)
    if state not in STATE_ORDER:
        raise ReferralError(f"state: unknown state {state!r}")
    if STATE_ORDER.index(state) < STATE_ORDER.index(case.state):
        return case
    if state == Case.State.CLOSED:
        if reason not in Case.ClosedReason.values:
            raise ReferralError("closed_reason: say why the case is closed")
        case.closed_reason = reason
    # Reaching a step stamps the steps passed on the way (a match implies a contact); closing
    # stamps only the closing, so a case closed early does not count as having got further.
    passed = (
        [state]
        if state == Case.State.CLOSED
        else STATE_ORDER[STATE_ORDER.index(case.state) + 1 : STATE_ORDER.index(state) + 1]
    )
    for later in passed:
        stamp = STATE_TIMESTAMP.get(later)
        if stamp and getattr(case, stamp) is None:
            setattr(case, stamp, now)
    case.state = state
    case.save()
    return case


def contact_add(
    *, case: Case, user, channel: str, reached: bool, note: str = "", now=None
) -> ContactLogEntry:
    now = now or timezone.now()
    _require_open(case)
    with transaction.atomic():
        entry = ContactLogEntry.objects.create(
            case=case, by=user, channel=channel, reached=reached, note=note, at=now
        )
        if reached:
            case_advance(case, Case.State.CONTACTED, now=now)
    return entry


def initiative_refer(*, case: Case, initiative, user, message: str = "", now=None) -> Referral:
    """The broker refers the case to an initiative; its contact person is told (no personal
    data in the e-mail, only a link to the referral page)."""
    now = now or timezone.now()
    _require_open(case)
    if initiative.status != initiative.Status.PUBLISHED:
        raise ReferralError("initiative: only published initiatives take referrals")
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case, initiative=initiative, created_by=user, message=message, created_at=now
        )
        case_advance(case, Case.State.MATCHED, now=now)
    _notify_contacts(referral, "new")
    return referral


def _confirm(referral: Referral, user, now, step: str) -> Referral:
    """Stamp ``step`` (first_visit or participating) on the referral once, and move its case."""
    if referral.cancelled_at:
        raise ReferralError("referral: it was cancelled")
    with transaction.atomic():
        if getattr(referral, f"{step}_at") is None:
            setattr(referral, f"{step}_at", now)
            setattr(referral, f"{step}_by", user)
            referral.save(update_fields=[f"{step}_at", f"{step}_by"])
        if referral.case.state != Case.State.CLOSED:
            case_advance(referral.case, step, now=now)
    return referral


def referral_confirm_first_visit(*, referral: Referral, user, now=None) -> Referral:
    return _confirm(referral, user, now or timezone.now(), Case.State.FIRST_VISIT)


def referral_confirm_participating(*, referral: Referral, user, now=None) -> Referral:
    """'Still taking part after three months': the loop is closed."""
    now = now or timezone.now()
    if referral.first_visit_at is None:
        raise ReferralError("first_visit: confirm the first visit first")
    due = referral.first_visit_at + dt.timedelta(days=settings.REFERRALS_FOLLOW_UP_DAYS)
    if now < due:
        raise ReferralError(f"participating: the follow-up is due on {due.date().isoformat()}")
    return _confirm(referral, user, now, Case.State.PARTICIPATING)


def outcome_record(*, case: Case, moment: str, items, now=None) -> OutcomeMeasurement:
    now = now or timezone.now()
    if not case.citizen.consents.filter(
        purpose=Consent.Purpose.OUTCOME, withdrawn_at__isnull=True
    ).exists():
        raise ReferralError("outcome: the citizen has not agreed to the three questions")
    score = tils_score(items)
    measurement, _ = OutcomeMeasurement.objects.update_or_create(
        case=case,
        moment=moment,
        defaults={
            "item1": items[0],
            "item2": items[1],
            "item3": items[2],
            "score": score,
            "measured_at": now,
        },
    )
    return measurement


def citizen_anonymise(citizen: Citizen, *, now=None) -> None:
    """Blank every personal field and free-text note; dates, states and the age group stay, so
    the evaluation counts the same afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        for field in Citizen.PERSONAL_FIELDS:
            setattr(citizen, field, "")
        citizen.wants_company = False
        citizen.special_group = None
        citizen.anonymised_at = now
        citizen.save()
        ContactLogEntry.objects.filter(case__citizen=citizen).update(note="")
        Referral.objects.filter(case__citizen=citizen).update(message="")


def consent_withdraw(*, case: Case, user=None, now=None, expired: bool = False) -> None:
    """Withdrawal stops all processing at once: the consents end, open referrals are
    cancelled, the case closes, the outcome answers are deleted and the citizen is anonymised.
    A consent that has run out (``expired``) ends the same way."""
    now = now or timezone.now()
    reason = Case.ClosedReason.CONSENT_EXPIRED if expired else Case.ClosedReason.CONSENT_WITHDRAWN
    with transaction.atomic():
        case.citizen.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        case.referrals.filter(cancelled_at__isnull=True, participating_at__isnull=True).update(
            cancelled_at=now
        )
        if case.state != Case.State.CLOSED:
            case_advance(case, Case.State.CLOSED, now=now, reason=reason)
        case.outcomes.all().delete()
        citizen_anonymise(case.citizen, now=now)


def expired_consents_end(*, now=None) -> int:
    """Cases whose consent to the broker's contact has run out end as if withdrawn (run daily
    with the anonymisation). Returns how many."""
    now = now or timezone.now()
    expired = Case.objects.filter(
        citizen__anonymised_at__isnull=True,
        citizen__consents__purpose=Consent.Purpose.REFERRAL,
        citizen__consents__withdrawn_at__isnull=True,
        citizen__consents__valid_until__lt=timezone.localdate(now),
    ).select_related("citizen")
    count = 0
    for case in expired:
        consent_withdraw(case=case, now=now, expired=True)
        count += 1
    return count


def closed_cases_anonymise(*, now=None) -> int:
    """Anonymise the citizens of cases closed longer ago than REFERRALS_ANONYMISE_AFTER_DAYS
    (run daily: `brobygger referrals anonymise`)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REFERRALS_ANONYMISE_AFTER_DAYS)
    citizens = Citizen.objects.filter(
        anonymised_at__isnull=True, case__state=Case.State.CLOSED, case__closed_at__lte=cutoff
    )
    count = 0
    for citizen in citizens:
        citizen_anonymise(citizen, now=now)
        count += 1
    return count


def citizen_export(*, citizen: Citizen, user, now=None) -> dict:
    """Everything stored about one citizen, with the log of who saw it (right of access).
    The export itself is logged."""
    access_log(user=user, citizen=citizen, action="export", reason="right of access")
    case = getattr(citizen, "case", None)

    def stamp(value):
        return value.isoformat() if value else None

    return {
        "exported_at": (now or timezone.now()).isoformat(),
        "citizen": {
            **{f: getattr(citizen, f) for f in CITIZEN_FIELDS if f != "special_group"},
            "special_group": citizen.special_group.code if citizen.special_group else None,
            "created_at": stamp(citizen.created_at),
            "anonymised_at": stamp(citizen.anonymised_at),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "given_by": c.given_by,
                "given_to": c.given_to,
                "method": c.method,
                "given_at": stamp(c.given_at),
                "valid_until": c.valid_until.isoformat(),
                "withdrawn_at": stamp(c.withdrawn_at),
            }
            for c in citizen.consents.all()
        ],
        "case": None
        if case is None
        else {
            "state": case.state,
            "closed_reason": case.closed_reason,
            "arena": case.arena.name if case.arena else None,
            "created_at": stamp(case.created_at),
            "contacts": [
                {"at": stamp(e.at), "channel": e.channel, "reached": e.reached, "note": e.note}
                for e in case.contacts.all()
            ],
            "referrals": [
                {
                    "initiative": r.initiative.name,
                    "created_at": stamp(r.created_at),
                    "first_visit_at": stamp(r.first_visit_at),
                    "participating_at": stamp(r.participating_at),
                    "cancelled_at": stamp(r.cancelled_at),
                }
                for r in case.referrals.select_related("initiative")
            ],
            "outcomes": [
                {"moment": o.moment, "score": o.score, "measured_at": stamp(o.measured_at)}
                for o in case.outcomes.all()
            ],
        },
        "access_log": [
            {
                "at": stamp(e.at),
                "user": e.user.get_username() if e.user else None,
                "action": e.action,
                "reason": e.reason,
            }
            for e in citizen.access_log.select_related("user")
        ],
    }


def _notify_contacts(referral: Referral, what: str) -> int:
    from brobygger.referrals.selectors import contacts_of_initiative

    recipients = [u.email for u in contacts_of_initiative(referral.initiative) if u.email]
    if not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("referrals:initiative_referrals")
    subjects = {
        "new": f"Ny henvisning til {referral.initiative.name}",
        "first_visit": f"Kom borgeren til {referral.initiative.name}?",
        "follow_up": f"Deltager borgeren stadig i {referral.initiative.name}?",
    }
    body = (
        "Fællesskabsformidleren har en henvisning, der venter på jer.\n"
        f"Se den her (log ind): {link}\n\n"
        "A referral from the community broker is waiting for you; sign in to see it."
    )
    return send_mail(subjects[what], body, None, recipients)


def reminders_send(*, now=None) -> int:
    """E-mail the contact person when a first visit or the three-month follow-up is due and not
    confirmed (once each; run daily: `brobygger referrals remind`). Returns e-mails sent."""
    now = now or timezone.now()
    open_referrals = Referral.objects.filter(cancelled_at__isnull=True).select_related("initiative")
    first_due = now - dt.timedelta(days=settings.REFERRALS_FIRST_VISIT_REMIND_DAYS)
    follow_due = now - dt.timedelta(days=settings.REFERRALS_FOLLOW_UP_DAYS)
    due = (
        ("first_visit", open_referrals.filter(first_visit_at=None, created_at__lte=first_due)),
        ("follow_up", open_referrals.filter(first_visit_at__lte=follow_due, participating_at=None)),
    )
    sent = 0
    for what, referrals in due:
        stamp = f"{what}_reminded_at"
        for referral in referrals.filter(**{f"{stamp}__isnull": True}):
            sent += _notify_contacts(referral, what)
            Referral.objects.filter(pk=referral.pk).update(**{stamp: now})
    return sent


def referrals_seen_by_contact(user) -> list[Referral]:
    """The referrals an initiative's contact person sees, each view written to the access log."""
    from brobygger.referrals.selectors import referrals_for_contact

    referrals = list(referrals_for_contact(user))
    for referral in referrals:
        if referral.case.citizen.anonymised_at is None:
            access_log(
                user=user,
                citizen=referral.case.citizen,
                action="view",
                reason=f"referral to {referral.initiative.name}"[:200],
            )
    return referrals
