"""Review of 19.4: one e-mail address signed up to many activities got an e-mail for each, with
no limit (text messages had one). E-mail to participants now has its own daily limit per
address, ``EMAIL_PER_RECIPIENT_PER_DAY``, counted like text messages: under a keyed digest of
the address, one row a day, atomically."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection

from brobygger.activities import services, signups
from brobygger.core import quota, sms
from brobygger.core.models import RecipientQuota
from brobygger.directory.models import Organization
from tests.activities.factories import activity_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_activity(people):
    ventilen = Organization.objects.get(name="Ventilen")

    def make(n: int):
        data = activity_input(organization_id=ventilen.pk, title=f"Brætspil {n}", capacity=None)
        return services.activity_create(user=people["editor"], data=data)

    return make


@pytest.fixture(autouse=True)
def _outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


def test_it_limits_e_mail_to_one_address_per_day(make_activity, settings):
    settings.EMAIL_PER_RECIPIENT_PER_DAY = 4
    for n in range(7):
        result = signups.signup_create(activity=make_activity(n), name="V", email="v@example.org")
        assert result.created  # the sign-up is made; only the e-mail is held back
    assert len(mail.outbox) == 4
    signups.signup_create(activity=make_activity(9), name="W", email="w@example.org")
    assert [m.to for m in mail.outbox[4:]] == [["w@example.org"]]  # others are not held back


def test_the_limit_ignores_the_case_of_the_address(make_activity, settings):
    settings.EMAIL_PER_RECIPIENT_PER_DAY = 2
    for n, address in enumerate(["v@example.org", "V@Example.org", "v@EXAMPLE.ORG"]):
        signups.signup_create(activity=make_activity(n), name="V", email=address)
    assert len(mail.outbox) == 2


def test_the_default_is_ten_a_day():
    from django.conf import settings

    assert settings.EMAIL_PER_RECIPIENT_PER_DAY == 10


def test_it_keeps_a_keyed_digest_per_channel_never_the_address(make_activity):
    signups.signup_create(activity=make_activity(1), name="V", email="v@example.org")
    sms.send_sms(to="20304050", body="Hej")
    rows = {row.channel: row for row in RecipientQuota.objects.all()}
    assert set(rows) == {"email", "sms"}
    assert all(len(row.recipient_digest) == 64 for row in rows.values())
    assert "example" not in rows["email"].recipient_digest
    assert rows["email"].count == rows["sms"].count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_e_mails_to_one_address_never_pass_the_daily_limit():
    barrier = threading.Barrier(8)
    taken = []

    def take() -> None:
        try:
            barrier.wait()
            taken.append(quota.take(channel="email", recipient="v@example.org", limit=3))
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(taken) == [False] * 5 + [True] * 3
    assert RecipientQuota.objects.get().count == 3
