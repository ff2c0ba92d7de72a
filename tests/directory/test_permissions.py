"""Every directory permission for every role (the a4-meinberlin habit)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from brobygger.directory.models import Initiative, Organization
from brobygger.directory.rules import PERMISSIONS
from tests.conftest import ROLES

EVERYONE = set(ROLES)
ADMIN = {"administrator"}
VENTILEN_EDITORS = {"editor", "administrator"}

# (permission, object, roles that may) — objects: published Ventilen (the editor's), a draft of
# Ventilen's organisation, Ældre Sagen's initiative (the other editor's), the organisations.
MATRIX = [
    ("directory.search_initiatives", None, EVERYONE),
    ("directory.suggest_initiative", None, EVERYONE),
    ("directory.view_initiative", "ventilen", EVERYONE),
    ("directory.view_initiative", "draft", VENTILEN_EDITORS),
    ("directory.view_initiative", "aeldre", EVERYONE),
    ("directory.change_initiative", "ventilen", VENTILEN_EDITORS),
    ("directory.change_initiative", "draft", VENTILEN_EDITORS),
    ("directory.change_initiative", "aeldre", {"other_editor", "administrator"}),
    ("directory.confirm_initiative", "ventilen", VENTILEN_EDITORS),
    ("directory.confirm_initiative", "aeldre", {"other_editor", "administrator"}),
    ("directory.view_initiative_history", "ventilen", VENTILEN_EDITORS | {"broker"}),
    ("directory.view_initiative_history", "aeldre", {"other_editor", "administrator", "broker"}),
    ("directory.delete_initiative", "ventilen", ADMIN),
    ("directory.add_initiative", "org_ventilen", VENTILEN_EDITORS),
    ("directory.add_initiative", "org_aeldre", {"other_editor", "administrator"}),
    ("directory.change_organization", "org_ventilen", VENTILEN_EDITORS),
    ("directory.change_organization", "org_aeldre", {"other_editor", "administrator"}),
    ("directory.view_my_initiatives", None, {"editor", "other_editor", "administrator"}),
    ("directory.moderate_suggestions", None, ADMIN),
    ("directory.view_stale_initiatives", None, ADMIN),
    ("directory.import_export", None, ADMIN),
    ("directory.manage_synonyms", None, ADMIN),
    ("directory.print_for_citizens", None, {"staff", "broker", "administrator"}),
]


@pytest.fixture
def objects(people):
    ventilen = Initiative.objects.get(name="Ventilen")
    draft = Initiative.objects.create(
        organization=ventilen.organization, name="Ny aftengruppe", status=Initiative.Status.DRAFT
    )
    return {
        None: None,
        "ventilen": ventilen,
        "draft": draft,
        "aeldre": Initiative.objects.get(name="Ældre Sagens Besøgstjeneste"),
        "org_ventilen": Organization.objects.get(name="Ventilen"),
        "org_aeldre": Organization.objects.get(name="Ældre Sagen"),
    }


def test_it_covers_every_declared_directory_permission():
    assert {perm for perm, _obj, _roles in MATRIX} == set(PERMISSIONS)


@pytest.mark.parametrize("role", ROLES)
def test_it_grants_exactly_the_declared_roles(everyone, objects, role):
    user = everyone[role] or AnonymousUser()
    wrong = [
        f"{permission} on {obj}: expected {role in allowed}"
        for permission, obj, allowed in MATRIX
        if rules.has_perm(permission, user, objects[obj]) is not (role in allowed)
    ]
    assert not wrong, wrong
