"""Writes of pop-up visits: slots, bookings (never overfilled: the slot row is locked while its
places are counted), confirmation, cancellation and the notes after a visit."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from brobygger.network.models import VisitBooking, VisitNote, VisitSlot
from brobygger.network.services import notifications

MAX_PLACES = 200
NOTE_MAX = 2000


class NetworkError(ValueError):
    """A network operation that cannot be done; the message starts with the field it is about."""


class SlotFull(NetworkError):
    """The slot has no room for this many."""


def slot_create(
    *,
    user,
    initiative,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    places: int,
    citizens_welcome: bool = False,
    description: str = "",
    is_demo: bool = False,
) -> VisitSlot:
    """The host offers a time for a visit."""
    # A time without a zone is local time (the form's datetime-local, an API client's choice).
    starts_at, ends_at = (
        timezone.make_aware(t) if timezone.is_naive(t) else t for t in (starts_at, ends_at)
    )
    if starts_at <= timezone.now() and not is_demo:
        raise NetworkError("starts_at: the visit must be in the future")
    if ends_at <= starts_at:
        raise NetworkError("ends_at: must be after starts_at")
    if not 1 <= places <= MAX_PLACES:
        raise NetworkError(f"places: must be between 1 and {MAX_PLACES}")
    return VisitSlot.objects.create(
        initiative=initiative,
        starts_at=starts_at,
        ends_at=ends_at,
        places=places,
        citizens_welcome=citizens_welcome,
        description=description.strip()[:NOTE_MAX],
        created_by=user,
        is_demo=is_demo,
    )


def places_taken(slot: VisitSlot) -> int:
    active = slot.bookings.filter(cancelled_at__isnull=True)
    totals = active.aggregate(v=Sum("visitors"), c=Sum("citizens"))
    return (totals["v"] or 0) + (totals["c"] or 0)


def _check_visitor_side(user, visitor_initiative, visitor_arena, slot) -> None:
    if (visitor_initiative is None) == (visitor_arena is None):
        raise NetworkError("visitor_initiative_id: give the initiative or the arena you come from")
    if visitor_arena is not None:
        if not user.arena_memberships.filter(arena=visitor_arena).exists():
            raise NetworkError("visitor_arena_id: you are not staff of this arena")
        return
    if visitor_initiative.pk == slot.initiative_id:
        raise NetworkError("visitor_initiative_id: an initiative cannot visit itself")
    own = (
        user.organisation_memberships.filter(
            organization_id=visitor_initiative.organization_id
        ).exists()
        or user.volunteering.filter(initiative=visitor_initiative).exists()
    )
    if not own:
        raise NetworkError("visitor_initiative_id: not one of your own initiatives")


def booking_create(
    *,
    user,
    slot: VisitSlot,
    visitors: int,
    citizens: int = 0,
    calm_welcome: bool = False,
    visitor_initiative=None,
    visitor_arena=None,
    client_reference: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> tuple[VisitBooking, bool]:
    """Book places on a slot. Returns the booking and whether it was created: a retry with the
    same ``client_reference`` by the same user returns the first booking. Raises ``SlotFull``
    when the places left are fewer than visitors + citizens."""
    now = now or timezone.now()
    if visitors < 1 or visitors > MAX_PLACES:
        raise NetworkError(f"visitors: must be between 1 and {MAX_PLACES}")
    if citizens < 0 or citizens > MAX_PLACES:
        raise NetworkError(f"citizens: must be between 0 and {MAX_PLACES}")
    with transaction.atomic():
        # The lock serialises every booking of this slot: the count below cannot go stale.
        slot = VisitSlot.all_rows.select_for_update().select_related("initiative").get(pk=slot.pk)
        if client_reference is not None:
            earlier = VisitBooking.objects.filter(
                booked_by=user, client_reference=client_reference
            ).first()
            if earlier is not None:
                return earlier, False
        if slot.cancelled_at is not None:
            raise NetworkError("slot: the visit is cancelled")
        if slot.starts_at <= now and not slot.is_demo:
            raise NetworkError("slot: the visit has already begun")
        if citizens and not slot.citizens_welcome:
            raise NetworkError("citizens: this visit is for staff and volunteers only")
        _check_visitor_side(user, visitor_initiative, visitor_arena, slot)
        left = slot.places - places_taken(slot)
        if visitors + citizens > left:
            raise SlotFull(f"places: only {max(left, 0)} left")
        try:
            with transaction.atomic():
                booking = VisitBooking.objects.create(
                    slot=slot,
                    booked_by=user,
                    visitor_initiative=visitor_initiative,
                    visitor_arena=visitor_arena,
                    visitors=visitors,
                    citizens=citizens,
                    calm_welcome=bool(citizens) and calm_welcome,
                    client_reference=client_reference,
                    created_at=now,
                )
        except IntegrityError:  # the same reference, booked on another slot
            raise NetworkError("client_reference: already used for another booking") from None
        notifications.notify("booked", booking, exclude=user.email)
    return booking, True


def _locked_booking(booking: VisitBooking) -> VisitBooking:
    VisitSlot.all_rows.select_for_update().filter(pk=booking.slot_id).first()
    return VisitBooking.objects.select_related(
        "slot__initiative", "visitor_initiative", "visitor_arena", "booked_by"
    ).get(pk=booking.pk)


def booking_confirm(*, user, booking: VisitBooking) -> VisitBooking:
    """The host confirms the visit."""
    with transaction.atomic():
        booking = _locked_booking(booking)
        if booking.cancelled_at is not None:
            raise NetworkError("booking: it is cancelled")
        if booking.confirmed_at is None:
            booking.confirmed_at = timezone.now()
            booking.save(update_fields=["confirmed_at"])
            notifications.notify("confirmed", booking, exclude=user.email)
    return booking


def booking_cancel(*, user, booking: VisitBooking) -> VisitBooking:
    """Cancel a booking: its places are free again, and the others are told."""
    with transaction.atomic():
        booking = _locked_booking(booking)
        if booking.has_happened:
            raise NetworkError("booking: the visit has taken place and cannot be cancelled")
        if booking.cancelled_at is None:
            booking.cancelled_at = timezone.now()
            booking.save(update_fields=["cancelled_at"])
            notifications.notify("cancelled", booking, exclude=user.email)
    return booking


def slot_cancel(*, user, slot: VisitSlot) -> VisitSlot:
    """The host cancels the slot and every booking on it; the visitors are told."""
    with transaction.atomic():
        slot = VisitSlot.all_rows.select_for_update().get(pk=slot.pk)
        if slot.starts_at <= timezone.now():
            raise NetworkError("slot: the visit has begun and cannot be cancelled")
        if slot.cancelled_at is None:
            slot.cancelled_at = timezone.now()
            slot.save(update_fields=["cancelled_at"])
            for booking in slot.bookings.filter(cancelled_at__isnull=True):
                booking_cancel(user=user, booking=booking)
    return slot


def note_write(*, user, booking: VisitBooking, learned: str, could_send: str) -> VisitNote:
    """A visitor's note after the visit (one per person; writing again replaces it)."""
    if not booking.has_happened:
        raise NetworkError("booking: the visit has not happened yet")
    learned, could_send = learned.strip(), could_send.strip()
    if not (learned or could_send):
        raise NetworkError("learned: write at least one of the two")
    if len(learned) > NOTE_MAX or len(could_send) > NOTE_MAX:
        raise NetworkError(f"learned: at most {NOTE_MAX} characters each")
    note, _created = VisitNote.objects.update_or_create(
        booking=booking,
        author=user,
        defaults={"learned": learned, "could_send": could_send, "written_at": timezone.now()},
    )
    return note
