"""Issue 21: the administrator adds, changes, deactivates and reactivates users in the web,
resets their second factor, and each change is kept in the history (who, when, what)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from typer.testing import CliRunner

from brobygger.accounts.models import AdminChange
from brobygger.cli import app
from brobygger.directory.models import Organization, OrganizationMembership
from brobygger.referrals.models import Arena, ArenaMembership
from tests.accounts.otp_helpers import confirmed_totp_device

pytestmark = pytest.mark.django_db
User = get_user_model()
ADD = "/administration/brugere/ny/"
LOG_IN = "/konto/log-ind/"
PASSWORD = "Fællesskab-2026!"


@pytest.fixture
def admin_client(english, everyone, settings):
    settings.SITE_URL = "https://brobygger.example"
    english.force_login(everyone["administrator"])  # and passes the second factor
    return english


def _add(client, **fields):
    data = {"username": "bente", "email": "bente@example.org", "role": "broker"}
    data.update(fields)
    return client.post(ADD, data)


def _user_url(user) -> str:
    return f"/administration/brugere/{user.pk}/"


def test_it_adds_a_broker_who_sets_a_password_from_the_mailed_link_and_signs_in(
    admin_client, everyone
):
    client = Client()  # the broker's own browser
    before = timezone.now()
    page = _add(admin_client, first_name="Bente", last_name="Brobygger")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    bente = User.objects.get(username="bente")
    assert list(bente.groups.values_list("name", flat=True)) == ["broker"]
    assert bente.get_full_name() == "Bente Brobygger" and not bente.has_usable_password()
    # the link: e-mailed, and shown once on the answer
    assert mail.outbox[-1].to == ["bente@example.org"]
    link = re.search(
        r"https://brobygger\.example/konto/velkommen/#kode=(\S+)", mail.outbox[-1].body
    )
    assert link and link.group(0) in page.content.decode()
    # the broker opens the link (its page posts the code) and chooses a password
    form_page = client.post("/konto/velkommen/", {"code": link.group(1)}, follow=True)
    assert b'id="welcome-form"' in form_page.content
    chosen = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    assert client.post(form_page.redirect_chain[-1][0], chosen)["Location"] == LOG_IN
    signed_in = client.post(LOG_IN, {"username": "bente", "password": PASSWORD})
    assert signed_in.status_code == 302  # on to setting up the second factor
    assert client.session["_auth_user_id"] == str(bente.pk)
    # the history: who, when, what
    change = AdminChange.objects.get(action="user.add")
    assert change.by == everyone["administrator"] and change.by_name == "administrator"
    assert change.subject == "bente" and change.subject_id == str(bente.pk)
    assert change.detail == {"role": "broker"}
    assert before <= change.at <= timezone.now() + timedelta(seconds=1)
    assert "code" not in str(change.detail) and link.group(1) not in str(change.detail)


def test_it_adds_staff_of_the_arena_and_an_editor_of_the_organisation_chosen(admin_client, people):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    organisation = Organization.objects.get(name="Ventilen")
    _add(admin_client, username="lis", email="lis@example.org", role="staff", arena=arena.pk)
    _add(admin_client, username="ole", email="ole@example.org", role="editor",
         organisation=organisation.pk)  # fmt: skip
    assert ArenaMembership.objects.filter(arena=arena, user__username="lis").exists()
    assert OrganizationMembership.objects.filter(
        organization=organisation, user__username="ole"
    ).exists()
    details = list(AdminChange.objects.filter(action="user.add").values_list("detail", flat=True))
    assert {"role": "staff", "arena": "Jobcenter Aarhus"} in details
    assert {"role": "editor", "organisation": "Ventilen"} in details


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"username": "bente hansen"}, "username", "Enter a valid username"),
        ({"username": "broker"}, "username", "There is a user called broker already."),
        ({"email": "citizen@example.org"}, "email", "A user has the address"),
        ({"role": "staff"}, "arena", "Frontline staff belong to an arena"),
        ({"role": "editor"}, "organisation", "An editor belongs to an organisation"),
        ({"role": "king"}, "role", "Select a valid choice."),
    ],
)
def test_bad_input_is_a_form_error_on_its_field_and_nothing_is_saved(
    admin_client, people, fields, field, message
):
    users = User.objects.count()
    page = _add(admin_client, **fields)
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert list(errors) == [field] and message in " ".join(errors[field]), errors
    assert message in page.content.decode().replace("&#x27;", "'")
    assert User.objects.count() == users and not AdminChange.objects.exists()
    assert not mail.outbox


def test_deactivated_users_cannot_sign_in_and_reactivated_ones_can(admin_client, everyone):
    client = Client()
    citizen = everyone["citizen"]
    admin_client.post(_user_url(citizen) + "deaktiver/")
    citizen.refresh_from_db()
    assert not citizen.is_active
    refused = client.post(LOG_IN, {"username": "citizen", "password": "pw-citizen"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    admin_client.post(_user_url(citizen) + "genaktiver/")
    allowed = client.post(LOG_IN, {"username": "citizen", "password": "pw-citizen"})
    assert allowed.status_code == 302 and client.session["_auth_user_id"] == str(citizen.pk)
    actions = AdminChange.objects.filter(subject="citizen").order_by("pk")
    assert [c.action for c in actions] == ["user.deactivate", "user.reactivate"]
    assert {c.by_name for c in actions} == {"administrator"}


def test_a_deactivated_users_open_session_ends(admin_client, everyone):
    client = Client()
    client.force_login(everyone["citizen"])
    assert client.get("/aktiviteter/mine/").status_code == 200
    admin_client.post(_user_url(everyone["citizen"]) + "deaktiver/")
    assert client.get("/aktiviteter/mine/")["Location"].startswith(LOG_IN)


def test_the_administrator_cannot_deactivate_or_demote_themselves(admin_client, everyone):
    administrator = everyone["administrator"]
    page = admin_client.post(_user_url(administrator) + "deaktiver/", follow=True)
    assert "You cannot deactivate yourself." in page.content.decode()
    page = admin_client.post(_user_url(administrator), {"groups": ["analyst"]})
    assert "administrator role from yourself" in " ".join(page.context["form"].errors["groups"])
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.groups.filter(name="administrator").exists()
    assert not AdminChange.objects.exists()


def test_it_sets_roles_arenas_and_organisations_at_once(admin_client, everyone):
    staff = everyone["staff"]
    ventilen = Organization.objects.get(name="Ventilen")
    nord = Arena.objects.create(name="Sundhedshus Nord")
    page = admin_client.post(
        _user_url(staff),
        {"groups": ["broker", "volunteer"], "arenas": [nord.pk], "organisations": [ventilen.pk]},
    )
    assert page.status_code == 302
    assert set(staff.groups.values_list("name", flat=True)) == {"broker", "volunteer"}
    assert [m.arena.name for m in staff.arena_memberships.all()] == ["Sundhedshus Nord"]
    assert [m.organization.name for m in staff.organisation_memberships.all()] == ["Ventilen"]
    changes = {(c.action, c.subject, str(c.detail)) for c in AdminChange.objects.all()}
    assert changes == {
        ("user.roles", "staff", str({"added": ["broker", "volunteer"], "removed": []})),
        ("arena.staff_add", "Sundhedshus Nord", str({"user": "staff"})),
        ("arena.staff_remove", "Jobcenter Aarhus", str({"user": "staff"})),
        ("organisation.editor_add", "Ventilen", str({"user": "staff"})),
    }
    # the page shows what they hold now, and the history of the user
    html = admin_client.get(_user_url(staff)).content.decode()
    assert "Roles changed" in html and "Community broker" in html


def test_saving_the_same_roles_again_writes_no_history(admin_client, everyone):
    broker = everyone["broker"]
    admin_client.post(_user_url(broker), {"groups": ["broker"]})
    assert not AdminChange.objects.exists()


def test_it_resets_the_second_factor(admin_client, everyone):
    broker = everyone["broker"]
    confirmed_totp_device(broker)
    page = admin_client.post(_user_url(broker) + "nulstil-to-trin/", follow=True)
    assert "they set up a new one at next sign-in" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=broker).exists()
    change = AdminChange.objects.get()
    assert (change.action, change.subject, change.detail) == (
        "user.second_factor_reset",
        "broker",
        {"devices": 1},
    )


def test_a_user_without_a_password_can_get_a_new_link(admin_client, everyone):
    _add(admin_client)
    bente = User.objects.get(username="bente")
    page = admin_client.post(_user_url(bente) + "nyt-link/")
    assert page.status_code == 200 and "/konto/velkommen/#kode=" in page.content.decode()
    assert len(mail.outbox) == 2
    # one who has chosen a password gets none
    page = admin_client.post(_user_url(everyone["broker"]) + "nyt-link/", follow=True)
    assert "has chosen a password already" in page.content.decode() and len(mail.outbox) == 2


def test_it_lists_and_searches_users_with_their_roles(admin_client, everyone):
    everyone["editor"].first_name = "Vibeke"
    everyone["editor"].save()
    listed = admin_client.get("/administration/brugere/").content.decode()
    assert (
        "Frontline staff: Jobcenter Aarhus" in listed and "Organisation editor: Ventilen" in listed
    )
    found = admin_client.get("/administration/brugere/", {"q": "vibeke"}).content.decode()
    assert ">editor</a>" in found and ">broker</a>" not in found
    none = admin_client.get("/administration/brugere/", {"q": "nobody-at-all"}).content.decode()
    assert "No users match." in none


def test_only_a_superuser_changes_a_superuser(admin_client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root")
    confirmed_totp_device(root)
    url = _user_url(root)
    page = admin_client.post(url + "deaktiver/", follow=True)
    assert "Only a superuser can change a superuser." in page.content.decode()
    page = admin_client.post(url + "nulstil-to-trin/", follow=True)
    assert "Only a superuser can change a superuser." in page.content.decode()
    page = admin_client.post(url, {"groups": ["broker"]})
    assert page.context["form"].non_field_errors() == ["Only a superuser can change a superuser."]
    root.refresh_from_db()
    assert root.is_active and not root.groups.exists()
    assert TOTPDevice.objects.filter(user=root).exists() and not AdminChange.objects.exists()


def test_changes_from_the_command_line_are_in_the_same_history(admin_client, everyone):
    runner = CliRunner()
    args = ["users", "add", "kirsten", "--email", "kirsten@example.org", "--role", "analyst"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args[:3], "--role", "broker"]).exit_code == 0
    assert runner.invoke(app, [*args[:3], "--role", "broker"]).exit_code == 0  # nothing new
    confirmed_totp_device(everyone["broker"])
    assert runner.invoke(app, ["users", "reset-second-factor", "broker"]).exit_code == 0
    changes = [
        (c.action, c.by, c.by_name, c.subject, c.detail) for c in AdminChange.objects.order_by("pk")
    ]
    assert changes == [
        ("user.add", None, "brobygger users", "kirsten", {"role": "analyst"}),
        ("user.roles", None, "brobygger users", "kirsten", {"added": ["broker"], "removed": []}),
        ("user.second_factor_reset", None, "brobygger users", "broker", {"devices": 1}),
    ]
    html = admin_client.get("/administration/historik/").content.decode()
    assert "by brobygger users" in html
