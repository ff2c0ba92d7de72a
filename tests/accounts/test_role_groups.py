"""The role groups come with the database (a data migration), so nobody types them by hand."""

from __future__ import annotations

import importlib
import sqlite3
from contextlib import closing

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from brobygger.accounts.roles import ROLE_GROUPS
from tests.core.processes import migrated_sqlite

pytestmark = pytest.mark.django_db

migration = importlib.import_module("brobygger.accounts.migrations.0005_role_groups")


def test_it_has_the_role_groups_in_a_freshly_migrated_database(tmp_path):
    """A new database of its own (the test database loses them to any transactional test that
    ran before on the same worker: those end by emptying every table)."""
    migrated_sqlite(tmp_path)
    with closing(sqlite3.connect(tmp_path / "brobygger.sqlite3")) as database:
        names = {name for (name,) in database.execute("SELECT name FROM auth_group")}
    assert names >= {"administrator", "broker", "analyst", "volunteer"}


def test_the_migration_names_the_groups_the_code_checks():
    assert set(migration.ROLE_GROUPS) == set(ROLE_GROUPS)


def test_running_the_migration_again_makes_no_second_group():
    Group.objects.filter(name="analyst").delete()
    migration.create_role_groups(apps, None)
    migration.create_role_groups(apps, None)
    assert Group.objects.filter(name__in=ROLE_GROUPS).count() == len(ROLE_GROUPS)
