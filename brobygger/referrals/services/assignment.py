"""Which broker has a case: taking it, passing it on, letting it go. Each change is recorded
in the case's assignment history, and a broker given a case by someone else is told by e-mail
(the case's reference and a link only)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from brobygger.accounts.roles import is_broker
from brobygger.referrals.models import Case, CaseAssignment
from brobygger.referrals.services.errors import ReferralError
from brobygger.referrals.services.notifications import notify_brokers


def case_assign(
    *,
    case: Case,
    assignee,
    by,
    now: dt.datetime | None = None,
) -> bool:
    """Give ``case`` to ``assignee`` (a broker, or None: nobody). Returns False when the case
    already was theirs (nothing recorded)."""
    if assignee is not None and not (assignee.is_active and is_broker(assignee)):
        raise ReferralError("assigned_to: only an active community broker can have a case")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Case.all_rows.select_for_update().get(pk=case.pk)
        if locked.assigned_to_id == (assignee.pk if assignee else None):
            return False
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to"])
        CaseAssignment.objects.create(case=locked, by=by, assigned_to=assignee, at=now)
    case.assigned_to = assignee
    if assignee is not None and assignee != by:
        notify_brokers(case, "assigned")
    return True
