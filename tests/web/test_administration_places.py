"""Issue 21: arenas (name, description, the day they got the conversation guide, staff) and
organisations (name, editors, invitations) in the administration; each change in the history."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from brobygger.accounts.models import AdminChange, Invitation
from brobygger.directory.models import Organization, OrganizationMembership
from brobygger.insights.evaluation.referrals import tools_introduced
from brobygger.referrals.models import Arena, ArenaMembership

pytestmark = pytest.mark.django_db
ARENAS = "/administration/arenaer/"
ORGANISATIONS = "/administration/organisationer/"


@pytest.fixture
def admin_client(english, everyone, settings):
    settings.SITE_URL = "https://brobygger.example"
    english.force_login(everyone["administrator"])
    return english


def _arena_form(**fields):
    data = {
        "arena-name": "Jobcenter Aarhus",
        "arena-description": "",
        "arena-tools_introduced_on": "",
    }
    data.update({f"arena-{k}": v for k, v in fields.items()})
    return data


def test_it_adds_an_arena(admin_client, people):
    answer = admin_client.post(
        ARENAS,
        {
            "name": "Sundhedshus Nord",
            "kind": "health",
            "description": "Et sundhedshus",
            "tools_introduced_on": "2026-03-01",
        },
    )
    arena = Arena.objects.get(name="Sundhedshus Nord")
    assert arena.kind == Arena.Kind.HEALTH
    assert answer["Location"] == f"{ARENAS}{arena.pk}/"
    assert (
        arena.tools_introduced_on == dt.date(2026, 3, 1) and arena.description == "Et sundhedshus"
    )
    change = AdminChange.objects.get()
    assert (change.action, change.subject, change.by_name) == (
        "arena.add",
        "Sundhedshus Nord",
        "administrator",
    )
    assert change.detail["tools_introduced_on"] == [None, "2026-03-01"]
    assert change.detail["kind"] == [None, "health"]
    admin_client.cookies["django_language"] = "en"
    listing = admin_client.get(ARENAS).content.decode()
    assert "Health and prevention" in listing


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"name": "jobcenter aarhus"},
            "name",
            "There is an arena called jobcenter aarhus already.",
        ),
        ({"name": ""}, "name", "This field is required."),
        (
            {"name": "Ny", "tools_introduced_on": "1. marts"},
            "tools_introduced_on",
            "Enter a valid date.",
        ),
    ],
)
def test_bad_arena_input_is_an_error_on_its_field(admin_client, people, fields, field, message):
    page = admin_client.post(ARENAS, {"description": "", "tools_introduced_on": "", **fields})
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert list(errors) == [field] and errors[field] == [message]
    assert Arena.objects.count() == 1 and not AdminChange.objects.exists()


def test_the_introduced_date_set_here_is_the_one_the_evaluation_uses(admin_client, people):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    assert tools_introduced() == {}
    url = f"{ARENAS}{arena.pk}/"
    admin_client.post(url, _arena_form(tools_introduced_on="2026-02-01", description="Jobcenter"))
    assert tools_introduced() == {"Jobcenter Aarhus": dt.date(2026, 2, 1)}
    admin_client.post(url, _arena_form(tools_introduced_on="2026-04-15", description="Jobcenter"))
    assert tools_introduced() == {"Jobcenter Aarhus": dt.date(2026, 4, 15)}
    changes = AdminChange.objects.filter(action="arena.change").order_by("pk")
    assert [c.detail for c in changes] == [
        {"description": ["", "Jobcenter"], "tools_introduced_on": ["", "2026-02-01"]},
        {"tools_introduced_on": ["2026-02-01", "2026-04-15"]},
    ]
    html = admin_client.get(url).content.decode()
    assert 'value="2026-04-15"' in html
    assert "conversation guide introduced on: 2026-02-01 → 2026-04-15" in html


def test_it_adds_and_removes_staff_of_an_arena(admin_client, everyone):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    url = f"{ARENAS}{arena.pk}/personale/"
    assert admin_client.post(url, {"staff-username": "citizen"}).status_code == 302
    assert ArenaMembership.objects.filter(arena=arena, user=everyone["citizen"]).exists()
    unknown = admin_client.post(url, {"staff-username": "nobody"})
    assert unknown.status_code == 400
    assert unknown.context["member_form"].errors == {
        "username": ["There is no user called nobody."]
    }
    admin_client.post(f"{url}{everyone['staff'].pk}/fjern/")
    assert list(arena.memberships.values_list("user__username", flat=True)) == ["citizen"]
    actions = [(c.action, c.detail) for c in AdminChange.objects.order_by("pk")]
    assert actions == [
        ("arena.staff_add", {"user": "citizen"}),
        ("arena.staff_remove", {"user": "staff"}),
    ]


def test_it_adds_and_renames_an_organisation(admin_client, people):
    answer = admin_client.post(ORGANISATIONS, {"name": "Strikkeklubben"})
    organisation = Organization.objects.get(name="Strikkeklubben")
    assert answer["Location"] == f"{ORGANISATIONS}{organisation.pk}/"
    admin_client.post(answer["Location"], {"organisation-name": "Strikkeklubben Nord"})
    organisation.refresh_from_db()
    assert organisation.name == "Strikkeklubben Nord"
    empty = admin_client.post(answer["Location"], {"organisation-name": " "})
    assert empty.context["form"].errors == {"name": ["This field is required."]}
    changes = [(c.action, c.subject, c.detail) for c in AdminChange.objects.order_by("pk")]
    assert changes == [
        ("organisation.add", "Strikkeklubben", {}),
        (
            "organisation.change",
            "Strikkeklubben Nord",
            {"name": ["Strikkeklubben", "Strikkeklubben Nord"]},
        ),
    ]


def test_it_adds_and_removes_editors(admin_client, everyone):
    ventilen = Organization.objects.get(name="Ventilen")
    url = f"{ORGANISATIONS}{ventilen.pk}/redaktoerer/"
    admin_client.post(url, {"editor-username": "citizen"})
    admin_client.post(f"{url}{everyone['editor'].pk}/fjern/")
    editors = OrganizationMembership.objects.filter(organization=ventilen)
    assert list(editors.values_list("user__username", flat=True)) == ["citizen"]
    assert [c.action for c in AdminChange.objects.order_by("pk")] == [
        "organisation.editor_add",
        "organisation.editor_remove",
    ]


def test_an_invited_editor_accepts_and_the_history_keeps_it(admin_client, people):
    ventilen = Organization.objects.get(name="Ventilen")
    url = f"{ORGANISATIONS}{ventilen.pk}/inviter/"
    answer = admin_client.post(
        url, {"invite-email": "ny@example.org", "invite-name": "Ny Frivillig"}
    )
    assert answer.status_code == 302
    again = admin_client.post(url, {"invite-email": "ny@example.org"})
    assert again.status_code == 400 and list(again.context["invite_form"].errors) == ["email"]
    bad = admin_client.post(url, {"invite-email": "ny"})
    assert bad.context["invite_form"].errors == {"email": ["Enter a valid email address."]}
    code = re.search(r"#kode=(\S+)", mail.outbox[-1].body).group(1)
    invitee = Client()
    invitee.post("/konto/invitation/", {"code": code})
    invitee.post(
        "/konto/invitation/accepter/",
        {"first_name": "Ny", "last_name": "", "new_password1": "Fællesskab-2026!",
         "new_password2": "Fællesskab-2026!"},
    )  # fmt: skip
    assert ventilen.memberships.filter(user__email="ny@example.org").exists()
    changes = [(c.action, c.by_name, c.subject) for c in AdminChange.objects.order_by("pk")]
    assert changes == [
        ("invitation.add", "administrator", "Ventilen"),
        ("invitation.accept", "ny@example.org", "Ventilen"),
    ]
    assert "ny@example.org" not in str(
        AdminChange.objects.first().detail
    )  # the address stays on the invitation


def test_it_sends_an_invitation_again_and_withdraws_it(admin_client, people):
    ventilen = Organization.objects.get(name="Ventilen")
    admin_client.post(f"{ORGANISATIONS}{ventilen.pk}/inviter/", {"invite-email": "ny@example.org"})
    invitation = Invitation.objects.get()
    admin_client.post(f"/administration/invitationer/{invitation.pk}/send-igen/")
    admin_client.post(f"/administration/invitationer/{invitation.pk}/tilbagekald/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and len(mail.outbox) == 2
    assert [c.action for c in AdminChange.objects.order_by("pk")] == [
        "invitation.add",
        "invitation.resend",
        "invitation.revoke",
    ]
    page = admin_client.get(f"{ORGANISATIONS}{ventilen.pk}/").content.decode()
    assert 'data-state="revoked"' in page and "Invitation withdrawn" in page


def test_the_history_page_lists_every_change_newest_first(admin_client, people):
    admin_client.post(ORGANISATIONS, {"name": "Strikkeklubben"})
    admin_client.post(
        ARENAS, {"name": "Sundhedshus Nord", "description": "", "tools_introduced_on": ""}
    )
    html = admin_client.get("/administration/historik/").content.decode()
    assert html.index("Arena added") < html.index("Organisation added")
    assert "by administrator" in html
