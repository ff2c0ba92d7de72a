"""Review of 19.4: a repeat sign-up handed the victim a place the attacker could cancel.

An attacker who signed up the victim's phone or e-mail first got the cancel code in the API's
answer; the victim's own try answered "received" and the attacker's code kept working, and a
cancellation by code told nobody. Now a repeat gives the sign-up a fresh code that goes only to
the contact, and a cancellation by code tells the contact."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from brobygger.activities import services, signups
from brobygger.activities.models import SignUp
from brobygger.core import sms
from brobygger.directory.models import Organization
from tests.activities.factories import activity_input

pytestmark = pytest.mark.django_db

CANCEL_API = "/api/v1/activities/signups/cancel"


@pytest.fixture
def activity(people):
    ventilen = Organization.objects.get(name="Ventilen")
    data = activity_input(organization_id=ventilen.pk)
    return services.activity_create(user=people["editor"], data=data)


@pytest.fixture(autouse=True)
def _outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


def _code(body: str) -> str:
    return re.search(r"#kode=(\S+)", body).group(1)


def _sign_up(client, activity, **contact):
    return client.post(
        f"/api/v1/activities/{activity.pk}/signups",
        {"name": contact.pop("name", "Lis"), **contact},
        content_type="application/json",
    )


def _cancel(client, code):
    return client.post(CANCEL_API, {"cancel_token": code}, content_type="application/json")


def test_it_takes_the_attackers_cancel_code_away_when_the_victim_signs_up(client, activity):
    attacker = _sign_up(client, activity, name="Mallory", phone="20304050")
    assert attacker.status_code == 201
    stolen = attacker.json()["cancel_token"]
    sms.outbox.clear()

    victim = _sign_up(client, activity, name="Lis", phone="20 30 40 50")
    assert victim.json()["status"] == "received" and victim.json()["cancel_token"] == ""
    assert [m.to for m in sms.outbox] == ["+4520304050"]
    fresh = _code(sms.outbox[0].body)
    assert fresh != stolen

    assert _cancel(client, stolen).status_code == 404
    assert SignUp.objects.get().status == "confirmed"
    assert _cancel(client, fresh).status_code == 200
    assert SignUp.objects.get().status == "cancelled"


def test_it_sends_the_fresh_code_to_the_e_mail_address_only(client, activity):
    stolen = _sign_up(client, activity, name="Mallory", email="lis@example.org").json()
    mail.outbox = []
    answer = _sign_up(client, activity, name="Lis", email="LIS@example.org")
    assert answer.json()["cancel_token"] == ""
    assert [m.to for m in mail.outbox] == [["lis@example.org"]]
    fresh = _code(mail.outbox[0].body)
    assert fresh not in answer.content.decode()
    assert signups.signup_for_token(stolen["cancel_token"]) is None
    assert signups.signup_for_token(fresh) is not None


def test_a_second_repeat_the_same_day_leaves_the_contacts_code_working(client, activity):
    _sign_up(client, activity, name="Mallory", phone="20304050")
    sms.outbox.clear()
    _sign_up(client, activity, name="Lis", phone="20304050")
    held = _code(sms.outbox[-1].body)
    for _ in range(3):  # the attacker tries again: no new code, no new message
        assert _sign_up(client, activity, name="Mallory", phone="20304050").status_code == 200
    assert len(sms.outbox) == 1
    assert signups.signup_for_token(held) is not None


def test_it_tells_the_contact_when_the_sign_up_is_cancelled_by_its_code(activity):
    result = signups.signup_create(activity=activity, name="Lis", phone="20304050")
    sms.outbox.clear()
    signups.signup_cancel(token=result.cancel_token)
    assert [m.to for m in sms.outbox] == ["+4520304050"]
    body = sms.outbox[0].body
    assert activity.title in body and "#kode=" not in body


def test_it_tells_an_e_mail_contact_when_the_sign_up_is_cancelled_in_their_language(activity):
    result = signups.signup_create(
        activity=activity, name="Ann", email="ann@example.org", language="en"
    )
    mail.outbox = []
    signups.signup_cancel(token=result.cancel_token)
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    assert activity.title in mail.outbox[0].subject
    assert "sign up again" in mail.outbox[0].body


def test_the_cancel_notice_stays_within_the_daily_text_message_limit(activity, settings):
    settings.SMS_PER_RECIPIENT_PER_DAY = 1
    result = signups.signup_create(activity=activity, name="Lis", phone="20304050")
    assert len(sms.outbox) == 1  # the receipt took the day's one message
    signups.signup_cancel(token=result.cancel_token)  # cancelled all the same
    assert SignUp.objects.get().status == "cancelled"
    assert len(sms.outbox) == 1
