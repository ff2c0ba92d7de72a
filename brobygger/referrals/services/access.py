"""Who saw a citizen's record: the access log, the citizen's right-of-access export, and the
contact person's list of referrals (each view logged)."""

from __future__ import annotations

from django.utils import timezone

from brobygger.referrals.models import AccessLogEntry, Citizen, Referral
from brobygger.referrals.services.submission import CITIZEN_FIELDS


def access_log(*, user, citizen: Citizen, action: str, reason: str) -> None:
    """Log a view of a citizen's record. Once the citizen is anonymised no free-text reason is
    kept (it could name them or the initiative), only who, when and what."""
    if citizen.anonymised_at is not None:
        reason = ""
    AccessLogEntry.objects.create(user=user, citizen=citizen, action=action, reason=reason[:200])


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
                reason=f"referral to {referral.initiative.name}",
            )
    return referrals
