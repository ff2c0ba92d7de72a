"""Who may do what in the directory (django-rules). Asserted role by role in
``tests/directory/test_permissions.py``."""

from __future__ import annotations

import rules

from brobygger.accounts.roles import (
    is_administrator,
    is_broker,
    is_frontline_staff,
    is_organisation_editor,
)


@rules.predicate
def is_published(user, initiative) -> bool:
    return initiative is not None and initiative.status == "published"


@rules.predicate
def is_editor_of_initiative(user, initiative) -> bool:
    if initiative is None or not user.is_authenticated:
        return False
    return user.organisation_memberships.filter(organization_id=initiative.organization_id).exists()


@rules.predicate
def is_editor_of_organization(user, organization) -> bool:
    if organization is None or not user.is_authenticated:
        return False
    return user.organisation_memberships.filter(organization_id=organization.pk).exists()


can_edit_initiative = is_editor_of_initiative | is_administrator

PERMISSIONS = {
    # initiatives (object: Initiative)
    "directory.view_initiative": is_published | can_edit_initiative,
    "directory.change_initiative": can_edit_initiative,
    "directory.confirm_initiative": can_edit_initiative,
    # The brokers too: they are told when the contact for referrals changes, and check it here.
    "directory.view_initiative_history": can_edit_initiative | is_broker,
    "directory.delete_initiative": is_administrator,
    # organisations (object: Organization, or none for "any of mine")
    "directory.add_initiative": is_editor_of_organization | is_administrator,
    "directory.change_organization": is_editor_of_organization | is_administrator,
    "directory.view_my_initiatives": is_organisation_editor | is_administrator,
    # curation
    "directory.search_initiatives": rules.always_allow,
    "directory.suggest_initiative": rules.always_allow,
    "directory.moderate_suggestions": is_administrator,
    "directory.view_stale_initiatives": is_administrator,
    "directory.import_export": is_administrator,
    "directory.manage_synonyms": is_administrator,  # the search's synonym list
    # printed matter for citizens: the pocket guide and personal lists
    "directory.print_for_citizens": is_frontline_staff | is_broker | is_administrator,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
