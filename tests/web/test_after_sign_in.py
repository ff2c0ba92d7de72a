"""Issue 20 (8): sign-in lands each role on its own work, not on the public front page. A safe
``next`` still wins, an unsafe one is ignored, and the second factor leads to the same page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from brobygger.accounts.roles import GROUP_ADMINISTRATOR, GROUP_ANALYST, GROUP_VOLUNTEER
from brobygger.directory.models import OrganizationMembership
from brobygger.referrals.models import Arena, ArenaMembership
from tests.accounts.otp_helpers import SECOND_FACTOR_PATH, confirmed_totp_device, totp_code

LOG_IN = "/konto/log-ind/"
AFTER = "/konto/videre/"
VERIFY = "/konto/to-trin/bekraeft/"

LANDS_ON = {
    "broker": "/formidler/i-dag/",
    "administrator": "/administration/",
    "analyst": "/indsigt/",
    "staff": "/samtaleguide/",
    "editor": "/mine-tilbud/",
    "other_editor": "/mine-tilbud/",
    "volunteer": "/aktiviteter/frivillig/",
    "citizen": "/aktiviteter/mine/",
}


def _landing(client, user) -> str:
    client.force_login(user)  # brokers and administrators pass their second factor too
    response = client.get(AFTER)
    assert response.status_code == 302
    return response["Location"]


def _sign_in(client, username: str, **extra) -> str:
    response = client.post(LOG_IN, {"username": username, "password": "pw-" + username, **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def test_the_expected_pages_are_the_ones_the_menu_names():
    assert LANDS_ON["broker"] == reverse("referrals:today")
    assert LANDS_ON["administrator"] == reverse("administration:index")
    assert LANDS_ON["analyst"] == reverse("insights:index")
    assert LANDS_ON["staff"] == reverse("referrals:guide")
    assert LANDS_ON["editor"] == reverse("directory:mine")
    assert LANDS_ON["volunteer"] == reverse("activities:availability")
    assert LANDS_ON["citizen"] == reverse("activities:mine")


@pytest.mark.parametrize("role", sorted(LANDS_ON))
def test_it_lands_each_role_on_its_own_work(client, everyone, role):
    landing = _landing(client, everyone[role])
    assert landing == LANDS_ON[role]
    assert client.get(landing).status_code == 200  # a page the role may see


def test_it_sends_a_password_sign_in_to_the_role_page(client, everyone):
    assert _sign_in(client, "editor") == AFTER
    assert client.get(AFTER)["Location"] == LANDS_ON["editor"]


def test_it_sends_the_anonymous_visitor_to_sign_in(client, db):
    response = client.get(AFTER)
    assert response.status_code == 302
    assert response["Location"].startswith(LOG_IN)


@pytest.mark.parametrize(
    ("extra_role", "user", "expected"),
    [
        ("staff", "broker", "broker"),  # a broker who is also frontline staff
        (GROUP_ANALYST, "administrator", "administrator"),
        (GROUP_ADMINISTRATOR, "analyst", "administrator"),
        ("staff", "analyst", "analyst"),
        ("editor", "staff", "staff"),
        (GROUP_VOLUNTEER, "editor", "editor"),
    ],
)
def test_it_lands_a_person_with_several_roles_on_the_first_in_order(
    client, everyone, extra_role, user, expected
):
    person = everyone[user]
    if extra_role == "staff":
        arena = Arena.objects.get_or_create(name="Borgerservice")[0]
        ArenaMembership.objects.create(arena=arena, user=person)
    elif extra_role == "editor":
        membership = OrganizationMembership.objects.filter(user=everyone["editor"]).first()
        OrganizationMembership.objects.create(user=person, organization=membership.organization)
    else:
        person.groups.add(Group.objects.get_or_create(name=extra_role)[0])
    assert _landing(client, person) == LANDS_ON[expected]


def test_a_safe_next_wins(client, everyone):
    assert _sign_in(client, "editor", next="/aktiviteter/") == "/aktiviteter/"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_an_unsafe_next_is_ignored(client, everyone, unsafe):
    assert _sign_in(client, "editor", next=unsafe) == AFTER


def test_the_second_factor_leads_to_the_role_page(everyone):
    client = Client()  # the plain client: the broker types the code, as a person would
    device = confirmed_totp_device(everyone["broker"])
    assert _sign_in(client, "broker") == AFTER
    asked = client.get(AFTER)["Location"]
    assert asked.startswith(SECOND_FACTOR_PATH)
    response = client.post(asked, {"code": totp_code(device), "next": AFTER})
    assert response["Location"] == AFTER
    assert client.get(AFTER)["Location"] == LANDS_ON["broker"]


def test_the_second_factor_without_next_lands_on_the_role_page(everyone):
    client = Client()
    device = confirmed_totp_device(everyone["administrator"])
    _sign_in(client, "administrator")
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert response["Location"] == AFTER
    assert client.get(AFTER)["Location"] == LANDS_ON["administrator"]


def test_the_second_factor_keeps_a_safe_next(everyone):
    client = Client()
    device = confirmed_totp_device(everyone["broker"])
    assert _sign_in(client, "broker", next="/formidler/") == "/formidler/"
    asked = client.get("/formidler/")["Location"]
    assert asked.startswith(VERIFY)
    response = client.post(asked, {"code": totp_code(device), "next": "/formidler/"})
    assert response["Location"] == "/formidler/"
