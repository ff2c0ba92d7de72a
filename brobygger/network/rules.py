"""Who may do what in the network (django-rules). Asserted role by role in
``tests/network/test_permissions.py``.

- hosts (the initiative's editors or its contact person) offer slots, confirm and cancel;
- visitors (staff of an arena, editors of another organisation, volunteers) book, cancel their
  booking and write a note once the visit has happened;
- the two sides of a visit, and nobody else, read its notes;
- courses and the idea catalogue are public to read; editors add courses and the administrator
  moderates; any signed-in person supports an idea or offers to take part.
"""

from __future__ import annotations

import rules

from brobygger.accounts.roles import (
    is_administrator,
    is_analyst,
    is_broker,
    is_frontline_staff,
    is_organisation_editor,
    is_volunteer,
)


def _hosts(user, initiative) -> bool:
    if initiative is None or not user.is_authenticated:
        return False
    return initiative.referral_contact_id == user.pk or (
        user.organisation_memberships.filter(organization_id=initiative.organization_id).exists()
    )


@rules.predicate
def is_host_of_initiative(user, initiative) -> bool:
    """An editor of the initiative's organisation, or its contact person."""
    return _hosts(user, initiative)


@rules.predicate
def is_slot_host(user, slot) -> bool:
    return slot is not None and _hosts(user, slot.initiative)


@rules.predicate
def is_booking_host(user, booking) -> bool:
    return booking is not None and _hosts(user, booking.slot.initiative)


@rules.predicate
def is_booking_visitor(user, booking) -> bool:
    """The booker, or anyone on the visiting side (its editors, volunteers or arena staff)."""
    if booking is None or not user.is_authenticated:
        return False
    if booking.booked_by_id == user.pk:
        return True
    if booking.visitor_arena_id:
        return user.arena_memberships.filter(arena_id=booking.visitor_arena_id).exists()
    initiative = booking.visitor_initiative
    return _hosts(user, initiative) or user.volunteering.filter(initiative=initiative).exists()


@rules.predicate
def visit_has_happened(user, booking) -> bool:
    return booking is not None and booking.has_happened


@rules.predicate
def is_open_slot(user, slot) -> bool:
    return slot is not None and slot.cancelled_at is None


is_visitor_role = is_frontline_staff | is_organisation_editor | is_volunteer
is_network_member = is_visitor_role | is_broker | is_administrator

PERMISSIONS = {
    # pop-up visits
    "network.view_visits": is_network_member,
    "network.offer_slot": is_host_of_initiative,  # object: Initiative
    "network.book_slot": is_visitor_role & is_open_slot & ~is_slot_host,  # object: VisitSlot
    "network.manage_slot": is_slot_host,  # object: VisitSlot (cancel)
    "network.confirm_booking": is_booking_host,  # object: VisitBooking
    "network.cancel_booking": (is_booking_host | is_booking_visitor)  # object: VisitBooking
    & ~visit_has_happened,
    "network.write_note": is_booking_visitor & visit_has_happened,  # object: VisitBooking
    "network.view_notes": is_booking_host | is_booking_visitor,  # object: VisitBooking
    "network.view_graph": is_network_member | is_analyst,
    # courses
    "network.view_courses": rules.always_allow,
    "network.add_course": is_organisation_editor | is_administrator,
    "network.moderate_courses": is_administrator,
    # the idea catalogue
    "network.view_ideas": rules.always_allow,
    "network.support_idea": rules.is_authenticated,
    "network.offer_to_take_part": rules.is_authenticated,
    "network.change_idea": is_administrator,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
