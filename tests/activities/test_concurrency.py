"""Sign-ups that arrive at the same moment never overfill an activity (PostgreSQL row lock;
on SQLite, IMMEDIATE transactions that wait for each other), and none fails."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from brobygger.activities import signups
from brobygger.activities.models import SignUp

pytestmark = [pytest.mark.django_db(transaction=True)]  # both databases (SQLITE_TOO)


def test_six_sign_ups_at_once_for_three_places_confirm_exactly_three(activity):
    barrier = threading.Barrier(6)
    errors = []

    def sign_up(n: int) -> None:
        try:
            barrier.wait()
            signups.signup_create(activity=activity, name=f"P{n}", email=f"p{n}@example.org")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    statuses = sorted(SignUp.objects.filter(activity=activity).values_list("status", flat=True))
    assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 3
    waiting = SignUp.objects.filter(activity=activity, status="waitlisted")
    assert sorted(signups.waitlist_position(s) for s in waiting) == [1, 2, 3]
