"""Every activity permission for every role (django-rules), as in the other apps."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from brobygger.activities.rules import PERMISSIONS
from tests.conftest import ROLES

# object permissions are asked about the editor's (Ventilen's) published activity
EXPECTED = {
    "activities.view_activity": set(ROLES),
    "activities.create_activity": set(ROLES) - {"anonymous"},
    "activities.change_activity": {"editor"},
    "activities.view_participants": {"editor"},
    "activities.moderate_activity": {"broker", "administrator"},
    "activities.pair_companion": {"broker"},
    "activities.sign_up_case": {"broker"},
    "activities.set_availability": {"volunteer"},
    "activities.view_statistics": {"broker", "administrator", "analyst"},
}


@pytest.fixture
def users(everyone):
    return {**everyone, "anonymous": AnonymousUser()}


def test_the_matrix_covers_every_permission():
    assert set(EXPECTED) == set(PERMISSIONS)


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_each_role_has_exactly_its_permissions(users, activity, permission):
    allowed = {role for role in ROLES if users[role].has_perm(permission, activity)}
    assert allowed == EXPECTED[permission]


def test_nobody_but_the_host_side_sees_a_draft(users, activity):
    activity.state = "submitted"
    allowed = {r for r in ROLES if users[r].has_perm("activities.view_activity", activity)}
    assert allowed == {"editor", "broker", "administrator"}
