"""Demo users: one per role, only in demo mode (DEBUG on and SQLite); in demo mode only they skip
the second factor and the login page lists them. Outside demo mode none are made or listed, and
a demo user is asked for the second factor like anyone else."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from brobygger.accounts import demo, roles
from brobygger.accounts.selectors import DEMO_GROUP, is_demo_user
from brobygger.accounts.services import role_grant
from brobygger.referrals import demo as referrals_demo
from brobygger.referrals.models import ArenaMembership

pytestmark = pytest.mark.django_db
User = get_user_model()
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="demo mode exists only on SQLite"
)


@pytest.fixture
def demo_on(settings):
    settings.DEBUG = True
    return settings


@on_sqlite
def test_it_makes_one_demo_user_per_role_once(demo_on):
    line = demo.demo_seed()
    assert line is not None and demo.DEMO_PASSWORD in line
    assert demo.demo_seed() is None  # nothing missing the second time
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == set(demo.DEMO_USERNAMES.values())
    assert all(is_demo_user(user) and user.check_password(demo.DEMO_PASSWORD)
               for user in users.values())  # fmt: skip
    names = demo.DEMO_USERNAMES
    assert roles.is_administrator(users[names["administrator"]])
    assert roles.is_broker(users[names["broker"]])
    assert roles.is_analyst(users[names["analyst"]])
    assert roles.is_volunteer(users[names["volunteer"]])
    assert not ArenaMembership.objects.exists()  # referrals.demo gives the staff user an arena
    referrals_demo.demo_staff_arena()
    staff = ArenaMembership.objects.get(user=users[names["staff"]])
    assert staff.arena.name == demo.DEMO_ARENA and "demo" in staff.arena.name
    assert not roles.is_organisation_editor(users[names["editor"]])  # directory.demo does that
    assert not users[names["citizen"]].groups.exclude(name="demo").exists()


def test_it_makes_no_demo_user_outside_demo_mode(settings):
    settings.DEBUG = False
    assert demo.demo_seed() is None
    settings.DEBUG = True  # on PostgreSQL DEBUG alone is not demo mode either
    if connection.vendor != "sqlite":
        assert demo.demo_seed() is None
    settings.DEBUG = False
    assert not User.objects.exists()
    assert demo.demo_logins() == [] and demo.demo_logins_lines() == []


@pytest.fixture
def seeded_demo(demo_on):
    demo.demo_seed()
    return {role: User.objects.get(username=name) for role, name in demo.DEMO_USERNAMES.items()}


@on_sqlite
@pytest.mark.parametrize("role", ["broker", "administrator"])
def test_a_demo_broker_or_administrator_skips_the_second_factor_in_demo_mode(seeded_demo, role):
    client = Client()  # a plain client: no second factor passed
    client.force_login(seeded_demo[role])
    response = client.get("/")
    assert response.status_code == 200


@pytest.fixture
def demo_users_outside_demo_mode(settings):
    """Demo users as if they had found their way into a database that is not in demo mode
    (DEBUG off; or on PostgreSQL, where DEBUG alone is no demo mode)."""
    settings.DEBUG = connection.vendor != "sqlite"
    made = {}
    for role in ("broker", "administrator"):
        user = User.objects.create_user(demo.DEMO_USERNAMES[role], password=demo.DEMO_PASSWORD)
        user.groups.add(Group.objects.get_or_create(name=DEMO_GROUP)[0])
        role_grant(user=user, role=role)
        made[role] = user
    return made


@pytest.mark.parametrize("role", ["broker", "administrator"])
def test_outside_demo_mode_a_demo_user_must_pass_the_second_factor(
    demo_users_outside_demo_mode, role
):
    client = Client()
    client.force_login(demo_users_outside_demo_mode[role])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/to-trin/opsaet/")


def test_outside_demo_mode_the_login_page_lists_no_demo_logins(
    demo_users_outside_demo_mode, client
):
    page = client.get("/konto/log-ind/").content.decode()
    assert 'id="demo-logins"' not in page and demo.DEMO_PASSWORD not in page


@on_sqlite
def test_in_demo_mode_a_broker_who_is_no_demo_user_must_still_pass_it(seeded_demo, people):
    client = Client()
    client.force_login(people["broker"])
    assert client.get("/")["Location"].startswith("/konto/to-trin/opsaet/")


@on_sqlite
def test_the_login_page_lists_the_demo_logins_in_demo_mode(seeded_demo, client):
    page = client.get("/konto/log-ind/").content.decode()
    assert 'id="demo-logins"' in page
    for username in demo.DEMO_USERNAMES.values():
        assert f"<code>{username}</code>" in page
    assert f"<code>{demo.DEMO_PASSWORD}</code>" in page


@on_sqlite
def test_serve_prints_each_demo_login(seeded_demo):
    lines = demo.demo_logins_lines()
    assert demo.DEMO_PASSWORD in lines[0]
    assert [line.split()[0] for line in lines[1:]] == list(demo.DEMO_USERNAMES.values())
