"""Writes for organisations, by the administrator: a new organisation, its name, and its
editors (the people who edit its initiatives). Invitations of new editors by e-mail are
``accounts.invitations``. Every change is kept in the administration's history
(``accounts.services.change_record``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.services import change_record
from brobygger.directory.models import Organization, OrganizationMembership


class OrganisationError(ValueError):
    """An organisation change that is refused; ``field`` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _record(by, organisation: Organization, action: str, detail: dict | None = None) -> None:
    change_record(
        by=by, action=action, subject_kind="organisation", subject=organisation.name,
        subject_id=organisation.pk, detail=detail,
    )  # fmt: skip


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise OrganisationError("name", _("An organisation needs a name."))
    return name


def organisation_create(*, name: str, by) -> Organization:
    """A new organisation, with no initiatives and no editors yet."""
    name = _check_name(name)
    with transaction.atomic():
        organisation = Organization.objects.create(name=name)
        _record(by, organisation, "organisation.add")
    return organisation


def organisation_rename(*, organisation: Organization, name: str, by) -> bool:
    """Give the organisation a new name; False when it had that name."""
    name = _check_name(name)
    before = organisation.name
    if name == before:
        return False
    with transaction.atomic():
        organisation.name = name
        organisation.updated_at = timezone.now()
        organisation.save(update_fields=["name", "updated_at"])
        _record(by, organisation, "organisation.change", {"name": [before, name]})
    return True


def organisation_editor_add(*, organisation: Organization, user, by) -> bool:
    """Make ``user`` an editor of ``organisation``; False if they were already."""
    with transaction.atomic():
        created = OrganizationMembership.objects.get_or_create(
            organization=organisation, user=user
        )[1]
        if created:
            _record(by, organisation, "organisation.editor_add", {"user": user.get_username()})
    return created


def organisation_editor_remove(*, organisation: Organization, user, by) -> bool:
    """``user`` no longer edits ``organisation``; False if they did not."""
    with transaction.atomic():
        deleted, _detail = OrganizationMembership.objects.filter(
            organization=organisation, user=user
        ).delete()
        if deleted:
            _record(by, organisation, "organisation.editor_remove", {"user": user.get_username()})
    return bool(deleted)


def user_organisations_set(*, user, organisations, by):
    """Make ``user`` an editor of exactly ``organisations``; returns (added, removed)."""
    wanted = {organisation.pk: organisation for organisation in organisations}
    held = {
        m.organization_id: m.organization
        for m in OrganizationMembership.objects.filter(user=user).select_related("organization")
    }
    added = [wanted[pk] for pk in wanted.keys() - held.keys()]
    removed = [held[pk] for pk in held.keys() - wanted.keys()]
    with transaction.atomic():
        for organisation in added:
            organisation_editor_add(organisation=organisation, user=user, by=by)
        for organisation in removed:
            organisation_editor_remove(organisation=organisation, user=user, by=by)
    return added, removed
