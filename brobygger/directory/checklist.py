"""How complete an initiative's entry is: the five things a citizen and the community broker need
before the first visit (what happens, where, when, who receives referrals, the first step).

Shown on "Mine tilbud" as "3 of 5" with what is missing. Reads only; prefetch
``schedules`` and ``service_at_locations__location`` when listing many.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from brobygger.directory.schedules import describe

ITEMS = (
    ("description", _("What happens there")),
    ("address", _("Address")),
    ("times", _("Times")),
    ("contact", _("Contact person for referrals")),
    ("first_visit", _("The first time")),
)


@dataclass(frozen=True)
class Checklist:
    done: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(ITEMS)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def missing_labels(self) -> list[str]:
        labels = dict(ITEMS)
        return [str(labels[code]) for code in self.missing]


def _has_address(initiative) -> bool:
    for sal in initiative.service_at_locations.all():
        location = sal.location
        if location.address_1 and (location.postal_code or location.city):
            return True
    return False


def checklist(initiative) -> Checklist:
    """Which of the five items the initiative has, and which are missing (in ``ITEMS`` order)."""
    present = {
        "description": bool(initiative.description.strip()),
        "address": _has_address(initiative),
        "times": any(describe(s) for s in initiative.schedules.all()),
        "contact": initiative.referral_contact_id is not None,
        "first_visit": bool(initiative.first_visit.strip()),
    }
    return Checklist(
        done=tuple(code for code, _label in ITEMS if present[code]),
        missing=tuple(code for code, _label in ITEMS if not present[code]),
    )
