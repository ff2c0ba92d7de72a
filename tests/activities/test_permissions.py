"""Every activity permission for every role (django-rules), as in the other apps."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from brobygger.accounts.roles import GROUP_VOLUNTEER
from brobygger.activities.rules import PERMISSIONS

ROLES = ("anonymous", "citizen", "staff", "broker", "editor", "other_editor", "analyst",
         "administrator", "volunteer")  # fmt: skip
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
def everyone(people, django_user_model):
    volunteer = django_user_model.objects.create_user(username="volunteer", password="x")
    volunteer.groups.add(Group.objects.get_or_create(name=GROUP_VOLUNTEER)[0])
    return {**people, "volunteer": volunteer, "anonymous": AnonymousUser()}


def test_the_matrix_covers_every_permission():
    assert set(EXPECTED) == set(PERMISSIONS)


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_each_role_has_exactly_its_permissions(everyone, activity, permission):
    allowed = {role for role in ROLES if everyone[role].has_perm(permission, activity)}
    assert allowed == EXPECTED[permission]


def test_nobody_but_the_host_side_sees_a_draft(everyone, activity):
    activity.state = "submitted"
    allowed = {r for r in ROLES if everyone[r].has_perm("activities.view_activity", activity)}
    assert allowed == {"editor", "broker", "administrator"}
