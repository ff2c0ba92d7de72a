"""The case's state machine: the order of states, the time stamped on reaching each, the row
lock every change takes, and the consent check every change makes first.

Every function here works on a case locked with :func:`lock_case` inside a transaction, and
saves only the fields it changes, so a concurrent change to other fields is never overwritten.
"""

from __future__ import annotations

import datetime as dt

from brobygger.referrals.models import Case, Consent
from brobygger.referrals.services.errors import ConsentExpired, ReferralError

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


def lock_case(case_id) -> Case:
    """The case, read afresh and locked (``SELECT ... FOR UPDATE``) until the transaction ends.
    Always lock the case before its referrals, so two changes never wait on each other."""
    return Case.all_rows.select_for_update(of=("self",)).select_related("citizen").get(pk=case_id)


def check_open(case: Case) -> None:
    if case.state == Case.State.CLOSED:
        raise ReferralError("state: the case is closed")


def check_consent(case: Case, today: dt.date) -> None:
    """Refuse unless the citizen's consent to the broker's contact holds today: withdrawn
    raises ReferralError; run out raises ConsentExpired (the caller then ends the case)."""
    consents = [
        c
        for c in case.citizen.consents.all()
        if c.purpose == Consent.Purpose.REFERRAL and c.withdrawn_at is None
    ]
    if not consents:
        raise ReferralError("consent: the citizen's consent is withdrawn")
    if all(c.valid_until < today for c in consents):
        raise ConsentExpired("consent: the citizen's consent has expired, so the case is closed")


def advance(case: Case, state: str, *, now: dt.datetime, reason: str = "") -> list[str]:
    """Move a locked case forward to ``state`` (never back), stamping the time of each new
    state; save and return the changed fields."""
    if state not in STATE_ORDER:
        raise ReferralError(f"state: unknown state {state!r}")
    if STATE_ORDER.index(state) < STATE_ORDER.index(case.state):
        return []
    changed = []
    if state == Case.State.CLOSED:
        if reason not in Case.ClosedReason.values:
            raise ReferralError("closed_reason: say why the case is closed")
        case.closed_reason = reason
        changed.append("closed_reason")
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
            changed.append(stamp)
    if case.state != state:
        case.state = state
        changed.append("state")
    if changed:
        case.save(update_fields=changed)
    return changed


def copy_fields(source: Case, target: Case) -> None:
    """Give the caller's instance of a case the values just written through the locked one."""
    if source is target:
        return
    for field in Case._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
