"""Writes of the network, by concern:

- ``visits``: slots, bookings (locked, never overfilled, once per client reference),
  confirmation, cancellation and notes;
- ``notifications``: the e-mails to both sides and the reminder the day before;
- ``catalogue``: courses (submitted, moderated) and the idea catalogue (support, offers, the
  CSV seed).
"""

from brobygger.network.services.catalogue import (
    IdeaImportError,
    course_moderate,
    course_submit,
    idea_offer,
    idea_set_state,
    idea_support,
    ideas_import,
)
from brobygger.network.services.notifications import reminders_send
from brobygger.network.services.visits import (
    NetworkError,
    SlotFull,
    booking_cancel,
    booking_confirm,
    booking_create,
    note_write,
    places_taken,
    slot_cancel,
    slot_create,
)

__all__ = [
    "IdeaImportError",
    "NetworkError",
    "SlotFull",
    "booking_cancel",
    "booking_confirm",
    "booking_create",
    "course_moderate",
    "course_submit",
    "idea_offer",
    "idea_set_state",
    "idea_support",
    "ideas_import",
    "note_write",
    "places_taken",
    "reminders_send",
    "slot_cancel",
    "slot_create",
]
