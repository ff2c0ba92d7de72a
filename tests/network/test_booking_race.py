"""Booking never overfills a slot: ten bookings race for four places, each in its own thread and
database connection, and exactly four land, on PostgreSQL and SQLite (SQLITE_TOO) alike."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from brobygger.network import services
from brobygger.network.models import VisitBooking
from brobygger.referrals.models import ArenaMembership
from tests.network.conftest import network, network_people, offer  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_it_never_overfills_a_slot_when_ten_bookings_race_for_four_places(
    network,  # noqa: F811
    django_user_model,
):
    slot = offer(network["ventilen"], network["people"]["editor"], places=4, days=9)
    arena = network["jobcenter"]
    bookers = []
    for i in range(10):
        user = django_user_model.objects.create_user(username=f"racer{i}", password="x")
        ArenaMembership.objects.create(arena=arena, user=user)
        bookers.append(user)
    start = threading.Barrier(10)
    outcomes, errors = [], []

    def book(user):
        try:
            start.wait(10)
            services.booking_create(user=user, slot=slot, visitor_arena=arena, visitors=1)
            outcomes.append("booked")
        except services.SlotFull:
            outcomes.append("full")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(user,)) for user in bookers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert sorted(outcomes) == ["booked"] * 4 + ["full"] * 6
    active = VisitBooking.objects.filter(slot=slot, cancelled_at__isnull=True)
    assert active.count() == 4
    assert services.places_taken(slot) == 4
