"""`brobygger users add` and `brobygger users list`: every role, the errors (exit 2, the option
named on stderr, nothing saved), the one-time set-password link, and the table."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from brobygger.accounts import roles
from brobygger.cli import app
from brobygger.directory.models import Organization, OrganizationMembership
from brobygger.referrals.models import Arena, ArenaMembership
from tests.accounts.otp_helpers import confirmed_totp_device

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def places(db):
    arena = Arena.objects.create(name="Jobcenter Aarhus")
    organisation = Organization.objects.create(name="Ventilen")
    return arena, organisation


def _add(runner, *args):
    return runner.invoke(app, ["users", "add", *args])


@pytest.mark.parametrize("role", ["administrator", "broker", "analyst", "volunteer"])
def test_it_adds_a_user_in_a_role_group(runner, settings, role):
    settings.SITE_URL = "https://brobygger.example"
    result = _add(runner, "kirsten", "--email", "kirsten@example.org", "--role", role)
    assert result.exit_code == 0, result.stderr
    user = User.objects.get(username="kirsten")
    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert not user.has_usable_password()
    assert "https://brobygger.example/konto/velkommen/" in result.stdout
    assert mail.outbox[0].to == ["kirsten@example.org"]


def test_it_adds_staff_of_an_arena_and_an_editor_of_an_organisation(runner, places):
    arena, organisation = places
    staff = _add(runner, "lis", "--email", "lis@example.org", "--role", "staff",
                 "--arena", "Jobcenter Aarhus")  # fmt: skip
    editor = _add(runner, "ole", "--email", "ole@example.org", "--role", "editor",
                  "--organisation", "Ventilen")  # fmt: skip
    assert staff.exit_code == 0 and editor.exit_code == 0, staff.stderr + editor.stderr
    assert ArenaMembership.objects.get(arena=arena).user.username == "lis"
    assert OrganizationMembership.objects.get(organization=organisation).user.username == "ole"


def test_a_citizen_is_a_user_with_no_group_or_membership(runner):
    result = _add(runner, "borger", "--email", "b@example.org", "--role", "citizen")
    assert result.exit_code == 0, result.stderr
    user = User.objects.get(username="borger")
    assert not user.groups.exists() and not roles.is_frontline_staff(user)


@pytest.mark.parametrize(
    ("args", "option", "value"),
    [
        (["--role", "staff"], "--arena", None),
        (["--role", "staff", "--arena", "Nowhere"], "--arena", "Nowhere"),
        (["--role", "editor"], "--organisation", None),
        (["--role", "editor", "--organisation", "Nobody"], "--organisation", "Nobody"),
        (["--role", "mayor"], "--role", "mayor"),
    ],
)
def test_it_refuses_a_missing_or_unknown_place_and_saves_nothing(
    runner, places, args, option, value
):
    result = _add(runner, "kirsten", "--email", "kirsten@example.org", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option}:")
    if value:
        assert value in lines[0]
    assert not User.objects.filter(username="kirsten").exists()
    assert not mail.outbox


def test_a_new_user_needs_an_e_mail_address_that_is_one(runner):
    missing = _add(runner, "kirsten", "--role", "analyst")
    wrong = _add(runner, "kirsten", "--email", "not-an-address", "--role", "analyst")
    assert missing.exit_code == wrong.exit_code == 2
    assert "--email" in missing.stderr and "not-an-address" in wrong.stderr
    assert not User.objects.exists()


def test_it_adds_a_role_to_an_existing_user_once(runner, places):
    _add(runner, "kirsten", "--email", "kirsten@example.org", "--role", "analyst")
    user = User.objects.get(username="kirsten")
    user.set_password("chosen-already-42")
    user.save()
    again = _add(runner, "kirsten", "--role", "broker")
    twice = _add(runner, "kirsten", "--role", "broker")
    assert again.exit_code == twice.exit_code == 0
    assert "added the role broker" in again.stdout
    assert "already has the role broker" in twice.stdout
    assert sorted(user.groups.values_list("name", flat=True)) == ["analyst", "broker"]
    assert "velkommen" not in again.stdout  # they have a password: no new link
    assert User.objects.count() == 1


def test_it_does_not_change_an_existing_users_address(runner):
    _add(runner, "kirsten", "--email", "kirsten@example.org", "--role", "analyst")
    result = _add(runner, "kirsten", "--email", "other@example.org", "--role", "broker")
    assert result.exit_code == 2 and "--email" in result.stderr
    assert not User.objects.get(username="kirsten").groups.filter(name="broker").exists()


def test_the_link_lets_the_new_user_choose_a_password_once(runner, client):
    result = _add(runner, "kirsten", "--email", "kirsten@example.org", "--role", "analyst")
    link = re.search(r"https?://\S+/konto/velkommen/#kode=(\S+)", result.stdout)
    assert link.group(0) in mail.outbox[0].body
    code = link.group(1)  # the page the link opens posts it (web/code_from_address.js)
    form_page = client.post("/konto/velkommen/", {"code": code}, follow=True)
    assert form_page.status_code == 200 and b'id="welcome-form"' in form_page.content
    chosen = {"new_password1": "Fællesskab-2026!", "new_password2": "Fællesskab-2026!"}
    done = client.post(form_page.redirect_chain[-1][0], chosen)
    assert done.status_code == 302 and done["Location"] == "/konto/log-ind/"
    assert User.objects.get(username="kirsten").check_password("Fællesskab-2026!")
    client.cookies.clear()
    again = client.post("/konto/velkommen/", {"code": code}, follow=True)
    assert b'id="welcome-form"' not in again.content and again.status_code == 404


def test_it_lists_users_with_their_roles_in_an_aligned_table(runner, places):
    _add(
        runner,
        "lis",
        "--email",
        "lis@example.org",
        "--role",
        "staff",
        "--arena",
        "Jobcenter Aarhus",
    )
    _add(
        runner,
        "ole",
        "--email",
        "ole@example.org",
        "--role",
        "editor",
        "--organisation",
        "Ventilen",
    )
    _add(runner, "ole", "--role", "volunteer")
    ole = User.objects.get(username="ole")
    ole.first_name, ole.last_name, ole.last_login = "Ole", "Olsen", timezone.now()
    ole.save()
    confirmed_totp_device(ole)
    result = runner.invoke(app, ["users", "list"])
    assert result.exit_code == 0, result.stderr
    header, lis, ole_line = result.stdout.splitlines()
    assert header.split() == [
        "USERNAME",
        "NAME",
        "E-MAIL",
        "ROLES",
        "LAST",
        "LOGIN",
        "ACTIVE",
        "2FA",
    ]
    assert header.index("ROLES") == lis.index("staff: Jobcenter Aarhus")
    assert header.index("ROLES") == ole_line.index("volunteer, editor: Ventilen")
    assert "Ole Olsen" in ole_line and ole_line.split()[-2:] == ["yes", "yes"]
    assert "never" in lis and lis.split()[-2:] == ["yes", "no"]
    assert header.index("2FA") == lis.rindex("no") == ole_line.rindex("yes")
