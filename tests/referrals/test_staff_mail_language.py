"""Staff e-mails are Danish, the interface's language: not "Dansk · English" side by side."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from brobygger.referrals import services
from brobygger.referrals.models import Arena

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r"\b(case|referral|request|the details|sign in|new)\b", re.IGNORECASE)


def test_it_tells_the_brokers_of_a_new_referral_in_danish(people):
    mail.outbox.clear()
    case, _created = services.referral_submit(
        user=people["staff"],
        arena=Arena.objects.get(name="Jobcenter Aarhus"),
        citizen_fields={"name": "Anna", "phone": "20304050", "language": "da"},
        consent=services.ConsentGiven(),
    )
    [message] = [m for m in mail.outbox if people["broker"].email in m.to]
    assert message.subject == f"Ny henvisning fra Jobcenter Aarhus ({case.pseudonym})"
    assert "Se sagen her (log ind):" in message.body
    assert "Oplysningerne om borgeren står kun i Brobygger." in message.body
    assert not ENGLISH.search(message.subject + "\n" + message.body.split("http")[0])
