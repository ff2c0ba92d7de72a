"""Shared fixtures: the seeded directory and one named user per role (healthchecks style)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Model

from brobygger.accounts.roles import (
    GROUP_ADMINISTRATOR,
    GROUP_ANALYST,
    GROUP_BROKER,
    GROUP_VOLUNTEER,
)
from brobygger.activities import services as activity_services
from brobygger.directory import services
from brobygger.directory.models import Initiative, Organization, OrganizationMembership
from brobygger.referrals.models import Arena, ArenaMembership
from tests.accounts.otp_helpers import VerifiedClient
from tests.activities.factories import activity_input

# the one Chromium of the session (browser, single sign-on and production-stack tests)
pytest_plugins = ["tests.chromium"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"

# Every role, for the permission matrices: the users of ``everyone`` (``people`` and the volunteer).
ROLES = (
    "anonymous",
    "citizen",
    "staff",
    "broker",
    "editor",
    "other_editor",
    "analyst",
    "administrator",
    "volunteer",
)


# Behaviour that depends on the database engine (search in Python on SQLite and a tsvector on
# PostgreSQL, migrations, how DATABASE_URL is read) and demo mode, which exists on the embedded
# SQLite default only: CI runs these on its SQLite pass as well (browser tests of demo mode are
# marked ``demo_mode`` instead). tests/test_ci_passes.py keeps this list complete.
SQLITE_TOO = (
    "tests/directory/test_search",
    "tests/test_migrations.py",
    "tests/config/test_settings.py",
    "tests/accounts/test_demo_users.py",
    "tests/activities/test_printing_and_demo.py",
    "tests/directory/test_examples.py",
    "tests/directory/test_vejviser.py",
    "tests/insights/test_trend_demo.py",
    "tests/insights/test_trend_page.py",
    "tests/network/test_demo.py",
    "tests/referrals/test_demo_working_day.py",
    "tests/referrals/test_evaluation.py",
    "tests/security/test_06_demo_data.py",
    "tests/security/test_csp_headers.py",
    "tests/web/test_demo_banner.py",
    "tests/core/test_demo_managers.py",
    # the race tests: SQLite must hold under concurrent writes too (issue 21)
    "tests/activities/test_concurrency.py",
    "tests/network/test_booking_race.py",
)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist turns the xdist_group marks into groups
def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    root = Path(str(config.rootpath))
    for item in items:
        if Path(str(item.path)).relative_to(root).as_posix().startswith(SQLITE_TOO):
            item.add_marker(pytest.mark.sqlite_too)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)
        # with pytest-xdist (`--dist loadgroup`), the tests of the slow synthetic analysis and
        # demo trend share a worker, so each is made once per run rather than once per worker
        if {"demo_home", "trend_home"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("demo_home"))


def _stored_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows_by_pk(model: type[Model]) -> dict:
    names = [field.attname for field in model._meta.concrete_fields]
    return {row[model._meta.pk.attname]: row for row in model._base_manager.values(*names)}


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker) -> list[tuple[type[Model], list[dict]]]:
    """Every row ``seed_load`` writes, per model: made once per test process by the real
    ``seed_load``, read back, and rolled back. Seeding takes about a second; about half the
    tests start from the seeded directory."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: _rows_by_pk(model) for model in _stored_models()}
        services.seed_load()
        written = []
        for model, old in before.items():
            new = _rows_by_pk(model)
            changed = [pk for pk, row in old.items() if new.get(pk) != row]
            assert not changed, f"seed_load changed rows of {model.__name__}: copy them too"
            added = [row for pk, row in new.items() if pk not in old]
            if added:
                written.append((model, added))
        transaction.set_rollback(True)
    assert any(model is Initiative for model, _rows in written)
    return written


@pytest.fixture
def seeded(db, seed_rows):
    """The directory as `make run` starts it: the 40 initiatives of the 2015 mapping, the rows
    ``seed_load`` wrote (``seed_rows``) put back in this test's transaction."""
    with transaction.atomic():  # foreign keys are checked at its end (transactional tests)
        for model, rows in seed_rows:
            model._base_manager.bulk_create([model(**row) for row in rows])
    return Initiative.objects.all()


def _user(django_user_model, username, **extra):
    return django_user_model.objects.create_user(
        username=username, password="pw-" + username, email=f"{username}@example.org", **extra
    )


@pytest.fixture
def people(db, django_user_model, seeded):
    """One user per role. The editor edits Ventilen; the other editor edits Ældre Sagen."""
    users = {"anonymous": None}
    users["citizen"] = _user(django_user_model, "citizen")
    users["staff"] = _user(django_user_model, "staff")
    arena = Arena.objects.create(name="Jobcenter Aarhus")
    ArenaMembership.objects.create(arena=arena, user=users["staff"])
    for role, group in (
        ("broker", GROUP_BROKER),
        ("analyst", GROUP_ANALYST),
        ("administrator", GROUP_ADMINISTRATOR),
    ):
        users[role] = _user(django_user_model, role)
        users[role].groups.add(Group.objects.get_or_create(name=group)[0])
    users["editor"] = _user(django_user_model, "editor")
    OrganizationMembership.objects.create(
        user=users["editor"], organization=Organization.objects.get(name="Ventilen")
    )
    users["other_editor"] = _user(django_user_model, "other_editor")
    OrganizationMembership.objects.create(
        user=users["other_editor"], organization=Organization.objects.get(name="Ældre Sagen")
    )
    return users


@pytest.fixture
def volunteer(db, django_user_model):
    """A volunteer (the role ``people`` leaves out), who signs in with ``pw-volunteer``."""
    user = _user(django_user_model, "volunteer")
    user.groups.add(Group.objects.get_or_create(name=GROUP_VOLUNTEER)[0])
    return user


@pytest.fixture
def everyone(people, volunteer):
    """One user per role of ``ROLES``: ``people`` and the volunteer."""
    return {**people, "volunteer": volunteer}


@pytest.fixture
def client():
    """Django's test client; ``force_login`` of a broker or administrator also passes their
    second factor, as they would with their authenticator app (tests/accounts/otp_helpers.py)."""
    return VerifiedClient()


@pytest.fixture
def ventilen(seeded):
    return Initiative.objects.get(name="Ventilen")


@pytest.fixture
def aeldre_sagen_visits(seeded):
    return Initiative.objects.get(name="Ældre Sagens Besøgstjeneste")


@pytest.fixture(scope="session")
def reference() -> Path:
    """The shared reference material (independent of our code), beside the repository."""
    if not REFERENCE.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"reference material not found at {REFERENCE} (CI must have shared/)")
        pytest.skip(f"reference material not found at {REFERENCE}")
    return REFERENCE


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing passwords slowly is a production virtue and a test-suite vice."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_process_and_files_in_tmp(settings, tmp_path):
    """Background tasks run at once (no worker in tests); insight files go to a temp folder."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    settings.INSIGHTS_DIR = tmp_path / "insights"


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory):
    """One generated public synthetic analysis for the whole session (it takes a while)."""
    from django.test import override_settings

    from brobygger.insights import services as insight_services

    home = tmp_path_factory.mktemp("insights-demo")
    with override_settings(INSIGHTS_DIR=home):
        insight_services.demo_ensure("da")
    return home


@pytest.fixture(scope="session")
def trend_home(tmp_path_factory, demo_home):
    """INSIGHTS_DIR with the public synthetic analysis (``demo_home``'s) and the demo trend,
    made once for the session by the worker's task function (two synthetic waves)."""
    from django.test import override_settings

    from brobygger.insights.trend import prepare_trend

    home = tmp_path_factory.mktemp("insights-trend")
    (home / "demo").mkdir()
    (home / "demo" / "da").symlink_to(demo_home / "demo" / "da", target_is_directory=True)
    with override_settings(INSIGHTS_DIR=home):
        prepare_trend.call()
    return home


@pytest.fixture
def host(people):
    """Who hosts the test activities: Ventilen's editor."""
    return people["editor"]


@pytest.fixture
def make_activity(host):
    """Make a published activity next week at Ventilen (``activity_input`` fields to change)."""
    ventilen = Organization.objects.get(name="Ventilen")

    def make(**extra):
        extra.setdefault("organization_id", ventilen.pk)
        return activity_services.activity_create(user=host, data=activity_input(**extra))

    return make


@pytest.fixture
def activity(make_activity):
    return make_activity()
