"""Sign-ups: places, the waiting list, cancelling and moving up, retries."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from django.core import mail

from brobygger.activities import signups
from brobygger.activities.models import SignUp
from brobygger.core import sms


def _sign_up(activity, n: int, **extra):
    return signups.signup_create(
        activity=activity, name=f"Person {n}", email=f"p{n}@example.org", **extra
    )


def test_it_confirms_while_there_is_room_and_then_waitlists_in_order(activity):
    results = [_sign_up(activity, n) for n in range(5)]
    assert [r.signup.status for r in results] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [r.position for r in results] == [None, None, None, 1, 2]
    assert signups.places_left(activity) == 0
    assert signups.waitlist_count(activity) == 2


def test_it_tells_each_person_by_e_mail_with_a_cancel_link(activity):
    result = _sign_up(activity, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["p1@example.org"]
    assert activity.title in message.subject
    assert f"#kode={result.cancel_token}" in message.body


def test_it_texts_a_person_who_gave_only_a_phone(activity):
    signups.signup_create(activity=activity, name="Per", phone="20 30 40 50")
    assert not mail.outbox
    assert [m.to for m in sms.outbox] == ["+4520304050"]
    assert activity.title in sms.outbox[0].body


def test_cancelling_a_confirmed_place_moves_the_first_waiting_up_and_tells_them(activity):
    first = _sign_up(activity, 0)
    for n in range(1, 3):
        _sign_up(activity, n)
    waiting = [_sign_up(activity, n) for n in (3, 4)]
    mail.outbox = []
    signups.signup_cancel(token=first.cancel_token)
    promoted = SignUp.objects.get(pk=waiting[0].signup.pk)
    assert promoted.status == "confirmed" and promoted.promoted_at is not None
    assert signups.waitlist_position(SignUp.objects.get(pk=waiting[1].signup.pk)) == 1
    # the first on the list hears of the place; the person who cancelled hears of it too
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p3@example.org"]
    assert signups.places_left(activity) == 0


def test_cancelling_a_waiting_place_moves_nobody(activity):
    for n in range(3):
        _sign_up(activity, n)
    waiting = _sign_up(activity, 3)
    signups.signup_cancel(token=waiting.cancel_token)
    assert signups.confirmed_count(activity) == 3
    assert signups.waitlist_count(activity) == 0


def test_a_cancel_token_works_once_and_is_stored_only_hashed(activity):
    result = _sign_up(activity, 1)
    token = result.cancel_token
    assert len(token) >= 20  # a real secret, not an empty string that is "in" everything
    stored = SignUp.objects.get(pk=result.signup.pk)
    # the stored value IS the SHA-256 of the token (computed here, not by the code under test)
    assert stored.cancel_token_hash == hashlib.sha256(token.encode()).hexdigest()
    # and no column of the row holds the token, or a part of it
    row = SignUp.objects.filter(pk=stored.pk).values().get()
    assert not [name for name, value in row.items() if token[:16] in str(value)], row
    signups.signup_cancel(token=result.cancel_token)
    with pytest.raises(signups.SignUpError):
        signups.signup_cancel(token=result.cancel_token)


def test_a_retried_sign_up_with_the_same_client_reference_lands_once(activity):
    reference = uuid.uuid4()
    first = _sign_up(activity, 1, client_reference=reference)
    again = _sign_up(activity, 1, client_reference=reference)
    assert first.created and not again.created
    assert again.signup.pk == first.signup.pk
    assert SignUp.objects.filter(activity=activity).count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "email": "a@example.org"}, "name"),
        ({"name": "A"}, "email"),
        ({"name": "A", "email": "not-an-address"}, "email"),
        ({"name": "A", "phone": "call me"}, "phone"),
    ],
)
def test_it_refuses_a_sign_up_naming_the_field(activity, fields, field):
    with pytest.raises(signups.SignUpError) as caught:
        signups.signup_create(activity=activity, **fields)
    assert caught.value.field == field
    assert not SignUp.objects.exists()


def test_a_cancelled_activity_takes_no_sign_ups(activity):
    from brobygger.activities import services

    services.activity_cancel(activity=activity)
    activity.refresh_from_db()
    with pytest.raises(signups.SignUpError) as caught:
        _sign_up(activity, 1)
    assert caught.value.code == "closed"


def test_the_host_cancelling_tells_everyone_signed_up_or_waiting(activity):
    from brobygger.activities import services

    for n in range(4):
        _sign_up(activity, n)
    mail.outbox = []
    assert services.activity_cancel(activity=activity) == 4
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@example.org" for n in range(4)]


def test_first_timers_and_returning_people_are_told_apart(make_activity):
    one, two = make_activity(), make_activity(title="Sangaften")
    first = signups.signup_create(activity=one, name="A", email="a@example.org")
    again = signups.signup_create(activity=two, name="A", email="A@example.org")
    other = signups.signup_create(activity=two, name="B", phone="20304050")
    assert first.signup.first_time and not again.signup.first_time
    assert other.signup.first_time
