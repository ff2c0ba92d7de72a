"""A network scenario: Ventilen (the editor's) hosts; staff of Jobcenter Aarhus visited it last
week; Ældre Sagens Besøgstjeneste (the other editor's, where the volunteer helps) has booked a
visit next week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from brobygger.directory.models import Initiative
from brobygger.network import services
from brobygger.network.models import VisitBooking, VisitSlot, Volunteering
from brobygger.referrals.models import Arena
from tests.conftest import ROLES

ALL_ROLES = ROLES


def future(days: int = 7, hour: int = 10) -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def offer(initiative, user, *, days=7, places=4, citizens_welcome=True) -> VisitSlot:
    starts = future(days)
    return services.slot_create(
        user=user,
        initiative=initiative,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        places=places,
        citizens_welcome=citizens_welcome,
        description="Kaffe og en rundvisning",
    )


def move_to_past(slot: VisitSlot, days: int = 7) -> None:
    """The visit happens: its time is set in the past."""
    starts = timezone.now() - dt.timedelta(days=days)
    VisitSlot.objects.filter(pk=slot.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )


@pytest.fixture
def network_people(everyone):
    Volunteering.objects.create(
        user=everyone["volunteer"],
        initiative=Initiative.objects.get(name="Ældre Sagens Besøgstjeneste"),
    )
    return everyone


@pytest.fixture
def network(network_people):
    p = network_people
    ventilen = Initiative.objects.get(name="Ventilen")
    visits = Initiative.objects.get(name="Ældre Sagens Besøgstjeneste")
    jobcenter = Arena.objects.get(name="Jobcenter Aarhus")
    past_slot = offer(ventilen, p["editor"], days=3)
    past_booking, _ = services.booking_create(
        user=p["staff"], slot=past_slot, visitor_arena=jobcenter, visitors=2, citizens=1
    )
    move_to_past(past_slot)
    past_booking = VisitBooking.objects.select_related("slot").get(pk=past_booking.pk)
    slot = offer(ventilen, p["editor"], days=7)
    future_booking, _ = services.booking_create(
        user=p["other_editor"], slot=slot, visitor_initiative=visits, visitors=1
    )
    return {
        "people": p,
        "ventilen": ventilen,
        "visits": visits,
        "jobcenter": jobcenter,
        "slot": slot,
        "past_slot": past_slot,
        "past_booking": past_booking,
        "future_booking": future_booking,
    }
