"""Finding 19.4: anonymous sign-ups sent text messages to any number (+882…, +1 900…, 20 digits),
45 sign-ups with one number sent it 33 messages, and one address could take 60 places in ten
minutes. Text messages go only to the allowed prefixes (+45 and eight digits by default), at
most ``SMS_PER_RECIPIENT_PER_DAY`` to one number a day; one person (phone or e-mail) holds one
sign-up per activity; and one address takes a limited number of places per activity."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection

from brobygger.activities import signups
from brobygger.activities.models import SignUp
from brobygger.core import sms
from brobygger.core.models import RecipientQuota

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


@pytest.mark.parametrize(
    "number",
    ["+882 1234 5678", "+1 900 555 0100", "12345678901234567890", "+45 1234 567", "+45 1234 56789"],
)
def test_it_refuses_to_text_a_number_outside_the_allowed_prefixes(number):
    with pytest.raises(sms.SmsError) as caught:
        sms.send_sms(to=number, body="Hej")
    assert str(caught.value).startswith("to:")
    assert not sms.outbox


@pytest.mark.parametrize("number", ["20304050", "+45 20 30 40 50", "0045 20304050"])
def test_it_texts_a_danish_number(number):
    assert sms.send_sms(to=number, body="Hej") == 1
    assert [m.to for m in sms.outbox] == ["+4520304050"]


def test_the_setting_can_allow_other_prefixes(settings):
    settings.SMS_ALLOWED_PREFIXES = ["+45:8", "+46:9"]
    assert sms.send_sms(to="+46 701 234 567", body="Hej") == 1
    with pytest.raises(sms.SmsError):
        sms.send_sms(to="+882 1234 5678", body="Hej")


def test_it_limits_text_messages_to_one_number_per_day(settings):
    settings.SMS_PER_RECIPIENT_PER_DAY = 5
    for _ in range(5):
        sms.send_sms(to="20304050", body="Hej")
    with pytest.raises(sms.SmsError):
        sms.send_sms(to="+45 20 30 40 50", body="Hej")
    assert len(sms.outbox) == 5
    assert sms.send_sms(to="20304051", body="Hej") == 1  # another number is not held back


def test_it_keeps_a_keyed_digest_of_the_number_not_the_number():
    sms.send_sms(to="20304050", body="Hej")
    row = RecipientQuota.objects.get()
    assert "20304050" not in row.recipient_digest and len(row.recipient_digest) == 64
    assert row.count == 1


def test_an_api_sign_up_with_a_number_it_cannot_text_is_refused_before_it_is_stored(
    client, activity
):
    url = f"/api/v1/activities/{activity.pk}/signups"
    for number in ("+882 1234 5678", "+1 900 555 0100", "12345678901234567890"):
        response = client.post(
            url, {"name": "Mallory", "phone": number}, content_type="application/json"
        )
        assert response.status_code == 400, number
        assert "phone" in str(response.json()["detail"])
    assert not SignUp.objects.exists() and not sms.outbox


def test_a_web_sign_up_with_a_number_it_cannot_text_is_refused_with_a_clear_error(client, activity):
    page = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld/",
        {"name": "Mallory", "phone": "+882 1234 5678"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 400
    assert "Vi kan ikke sende sms til dette nummer" in page.content.decode()
    assert not SignUp.objects.exists() and not sms.outbox


def test_one_person_holds_one_sign_up_per_activity_and_is_not_flooded(
    client, make_activity, settings
):
    # the per-address limits are lifted: this is about one number, from many addresses
    settings.ACTIVITIES_SIGNUP_LIMIT = settings.ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT = 100
    target = make_activity(capacity=None)
    url = f"/api/v1/activities/{target.pk}/signups"
    codes = [
        client.post(
            url, {"name": f"P{n}", "phone": "20 30 40 50"}, content_type="application/json"
        ).status_code
        for n in range(45)
    ]
    assert codes[0] == 201 and set(codes[1:]) == {200}
    assert SignUp.objects.filter(activity=target).count() == 1
    assert len(sms.outbox) <= 5


def test_the_same_e_mail_in_another_case_is_the_same_person(make_activity):
    target = make_activity()
    first = signups.signup_create(activity=target, name="A", email="ann@example.org")
    again = signups.signup_create(activity=target, name="Ann", email="ANN@example.org ")
    assert not again.created and again.signup.pk == first.signup.pk
    by_phone = signups.signup_create(activity=target, name="B", phone="20304050")
    again = signups.signup_create(
        activity=target, name="B", phone="+45 2030 4050", email="b@example.org"
    )
    assert not again.created and again.signup.pk == by_phone.signup.pk


def test_a_repeat_does_not_reveal_the_earlier_status_or_position(client, activity):
    url = f"/api/v1/activities/{activity.pk}/signups"
    for n in range(3):
        client.post(
            url, {"name": f"P{n}", "email": f"p{n}@example.org"}, content_type="application/json"
        )
    victim = client.post(
        url, {"name": "Lis", "phone": "20304050"}, content_type="application/json"
    ).json()
    assert victim["status"] == "waitlisted"
    sms.outbox.clear()
    answer = client.post(
        url, {"name": "Mallory", "phone": "20304050"}, content_type="application/json"
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "received" and body["position"] is None
    assert body["cancel_token"] == ""
    assert "waitlisted" not in answer.content.decode()
    # the details go to the number itself, which is its owner's
    assert [m.to for m in sms.outbox] == ["+4520304050"]
    page = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld/",
        {"name": "Mallory", "phone": "20304050"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "waiting list" not in text and "number 1" not in text
    assert SignUp.objects.get(phone="+4520304050").name == "Lis"


def test_a_cancelled_person_may_sign_up_again(activity):
    first = signups.signup_create(activity=activity, name="A", email="a@example.org")
    signups.signup_cancel(token=first.cancel_token)
    again = signups.signup_create(activity=activity, name="A", email="a@example.org")
    assert again.created and again.signup.status == "confirmed"


def test_one_address_takes_a_limited_number_of_places_in_one_activity(
    client, make_activity, settings
):
    settings.ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT = 10
    target, other = make_activity(capacity=None), make_activity(capacity=None, title="Sang")
    codes = [
        client.post(
            f"/api/v1/activities/{target.pk}/signups",
            {"name": f"P{n}", "email": f"p{n}@example.org"},
            content_type="application/json",
        ).status_code
        for n in range(11)
    ]
    assert codes[:10] == [201] * 10 and codes[10] == 429
    elsewhere = client.post(
        f"/api/v1/activities/{other.pk}/signups",
        {"name": "Q", "email": "q@example.org"},
        content_type="application/json",
    )
    assert elsewhere.status_code == 201


def test_the_defaults_limit_a_flood_from_one_address():
    from django.conf import settings

    assert settings.ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT <= 15
    assert settings.ACTIVITIES_SIGNUP_LIMIT <= 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_to_one_number_never_pass_the_daily_limit(settings):
    settings.SMS_PER_RECIPIENT_PER_DAY = 3
    barrier = threading.Barrier(8)
    refused = []

    def send() -> None:
        try:
            barrier.wait()
            sms.send_sms(to="20304050", body="Hej")
        except sms.SmsError:
            refused.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(sms.outbox) == 3 and len(refused) == 5
    assert RecipientQuota.objects.get().count == 3
