"""The administration's history as people read it: each action's label and its detail as
short lines ("name: Jobcenter Nord → Jobcenter Aarhus Nord")."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from brobygger.accounts import roles, selectors

ACTION_LABELS = {
    "user.add": _("User added"),
    "user.deactivate": _("User deactivated"),
    "user.reactivate": _("User reactivated"),
    "user.roles": _("Roles changed"),
    "user.second_factor_reset": _("Second factor reset"),
    "user.link_sent": _("New set-password link sent"),
    "user.sso_add": _("Added at the first single sign-on"),
    "user.sso_sign_in": _("Single sign-on"),
    "arena.add": _("Arena added"),
    "arena.change": _("Arena changed"),
    "arena.staff_add": _("Staff member added"),
    "arena.staff_remove": _("Staff member removed"),
    "organisation.add": _("Organisation added"),
    "organisation.change": _("Organisation renamed"),
    "organisation.editor_add": _("Editor added"),
    "organisation.editor_remove": _("Editor removed"),
    "invitation.add": _("Invitation sent"),
    "invitation.resend": _("Invitation sent again"),
    "invitation.revoke": _("Invitation withdrawn"),
    "invitation.accept": _("Invitation accepted"),
}
FIELD_LABELS = {
    "name": _("name"),
    "description": _("description"),
    "tools_introduced_on": _("conversation guide introduced on"),
    "role": _("role"),
    "arena": _("arena"),
    "organisation": _("organisation"),
    "user": _("user"),
    "added": _("added"),
    "removed": _("removed"),
    "devices": _("devices removed"),
    "invitation": _("invitation no."),
}


RECENT = 10  # changes shown on the overview and on the page of a user, arena or organisation


@dataclass(frozen=True)
class ChangeRow:
    change: object
    label: str
    lines: list[str]


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(roles.ROLE_LABELS.get(v, v)) for v in value) or "–"
    if value in (None, ""):
        return "–"
    return str(roles.ROLE_LABELS.get(value, value))


def _lines(detail: dict) -> list[str]:
    lines = []
    for key, value in detail.items():
        label = FIELD_LABELS.get(key, key)
        if key not in ("added", "removed") and isinstance(value, list) and len(value) == 2:
            lines.append(f"{label}: {_value(value[0])} → {_value(value[1])}")
        else:
            lines.append(f"{label}: {_value(value)}")
    return lines


def change_rows(changes) -> list[ChangeRow]:
    return [
        ChangeRow(
            change=change,
            label=str(ACTION_LABELS.get(change.action, change.action)),
            lines=_lines(change.detail or {}),
        )
        for change in changes
    ]


def recent_changes(kind: str = "", pk="") -> list[ChangeRow]:
    """The latest changes (of one kind of thing, or of one thing), newest first."""
    return change_rows(selectors.admin_changes(subject_kind=kind, subject_id=pk)[:RECENT])
