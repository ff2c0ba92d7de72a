"""A referral scenario with two arenas and two organisations: everything a role must and must
not see. Staff (Jobcenter Aarhus) referred Anna, whom the broker referred to Ventilen (the
editor's); other staff (Rygestoprådgivningen) referred Bent, referred to Ældre Sagen's visits
(the other editor's)."""

from __future__ import annotations

import pytest

from brobygger.directory.models import Initiative
from brobygger.referrals import services
from brobygger.referrals.models import Arena, ArenaMembership
from tests.accounts.otp_helpers import VerifiedClient

ALL_ROLES = (
    "anonymous",
    "citizen",
    "staff",
    "other_staff",
    "broker",
    "editor",
    "other_editor",
    "analyst",
    "administrator",
)


def citizen(name: str, **extra) -> dict:
    return {
        "name": name,
        "phone": "+45 20 30 40 50",
        "reach_when": "efter kl. 16",
        "language": "da",
        "age_band": "16-29",
        "postcode": "8000",
        "interests": "musik og brætspil",
        "first_step": "vil gerne have følgeskab",
        "wants_company": True,
        **extra,
    }


@pytest.fixture
def client():
    """The test client; signing in a broker or administrator also passes their second factor,
    as the person would with their authenticator app."""
    return VerifiedClient()


@pytest.fixture
def people2(people, django_user_model):
    """``people`` plus staff of a second arena."""
    other = django_user_model.objects.create_user(
        username="other_staff", password="pw-other_staff", email="other_staff@example.org"
    )
    arena = Arena.objects.create(name="Rygestoprådgivningen")
    ArenaMembership.objects.create(arena=arena, user=other)
    return {**people, "other_staff": other}


@pytest.fixture
def scenario(people2):
    p = people2
    jobcenter = Arena.objects.get(name="Jobcenter Aarhus")
    smoking = Arena.objects.get(name="Rygestoprådgivningen")
    consent = services.ConsentGiven(outcome=True)
    anna, _ = services.referral_submit(
        user=p["staff"],
        arena=jobcenter,
        citizen_fields=citizen("Anna Andersen"),
        consent=consent,
        items=(3, 2, 3),
    )
    bent, _ = services.referral_submit(
        user=p["other_staff"],
        arena=smoking,
        citizen_fields=citizen("Bent Brun", age_band="75+"),
        consent=consent,
    )
    ventilen = Initiative.objects.get(name="Ventilen")
    visits = Initiative.objects.get(name="Ældre Sagens Besøgstjeneste")
    to_ventilen = services.initiative_refer(case=anna, initiative=ventilen, user=p["broker"])
    to_visits = services.initiative_refer(case=bent, initiative=visits, user=p["broker"])
    return {
        "people": p,
        "jobcenter": jobcenter,
        "smoking": smoking,
        "anna": anna,
        "bent": bent,
        "to_ventilen": to_ventilen,
        "to_visits": to_visits,
    }
