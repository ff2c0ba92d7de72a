"""Activities for the tests: a host (Ventilen's editor) with a small activity next week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from brobygger.activities import services
from brobygger.core import sms
from brobygger.directory.models import Organization


def activity_input(**extra) -> services.ActivityInput:
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    fields = {
        "title": "Brætspil og kaffe",
        "description": "Vi spiller brætspil og drikker kaffe.",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "place_name": "Ventilen",
        "address": "Mejlgade 10",
        "postcode": "8000",
        "capacity": 3,
        "welcome": "Værten tager imod ved døren.",
        "hosting": "En frivillig holder øje med, at alle er med.",
        "meet_again": "Vi ses hver torsdag.",
        "languages": ["da"],
    }
    fields.update(extra)
    return services.ActivityInput(**fields)


@pytest.fixture(autouse=True)
def _empty_outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


@pytest.fixture
def host(people):
    return people["editor"]


@pytest.fixture
def activity(host):
    ventilen = Organization.objects.get(name="Ventilen")
    return services.activity_create(user=host, data=activity_input(organization_id=ventilen.pk))


@pytest.fixture
def make_activity(host):
    ventilen = Organization.objects.get(name="Ventilen")

    def make(**extra):
        extra.setdefault("organization_id", ventilen.pk)
        return services.activity_create(user=host, data=activity_input(**extra))

    return make
