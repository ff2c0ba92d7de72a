"""Writes for arenas, by the administrator: an arena's name, description (what kind of place
it is), the day it got the conversation guide (``tools_introduced_on``, which the evaluation
compares referrals before and after) and its frontline staff. Every change is kept in the
administration's history (``accounts.services.change_record``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.accounts.services import change_record
from brobygger.referrals.models import Arena, ArenaMembership

# The fields the administrator edits, in the order the history lists them.
ARENA_FIELDS = ("name", "kind", "description", "tools_introduced_on")


class ArenaError(ValueError):
    """An arena change that is refused; ``field`` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _shown(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _check_name(name: str, *, arena: Arena | None = None) -> str:
    name = name.strip()
    if not name:
        raise ArenaError("name", _("An arena needs a name."))
    others = Arena.objects.filter(name__iexact=name)
    if arena is not None:
        others = others.exclude(pk=arena.pk)
    if others.exists():
        raise ArenaError("name", _("There is an arena called %(name)s already.") % {"name": name})
    return name


def _record(by, arena: Arena, action: str, detail: dict | None = None) -> None:
    change_record(
        by=by, action=action, subject_kind="arena", subject=arena.name, subject_id=arena.pk,
        detail=detail,
    )  # fmt: skip


def arena_create(
    *,
    name: str,
    kind: str = "",
    description: str = "",
    tools_introduced_on: dt.date | None = None,
    by,
) -> Arena:
    """A new arena (names are unique, whatever their case)."""
    name = _check_name(name)
    with transaction.atomic():
        arena = Arena.objects.create(
            name=name,
            kind=kind,
            description=description.strip(),
            tools_introduced_on=tools_introduced_on,
        )
        _record(
            by, arena, "arena.add", {f: [None, _shown(getattr(arena, f))] for f in ARENA_FIELDS}
        )
    return arena


def arena_update(*, arena: Arena, by, **fields) -> dict[str, list[str]]:
    """Change the fields of ``ARENA_FIELDS`` given; returns what changed, {field: [before,
    after]} (also the history's detail). Nothing changed: nothing is saved or recorded."""
    unknown = set(fields) - set(ARENA_FIELDS)
    if unknown:
        raise ArenaError(sorted(unknown)[0], _("Not a field of an arena."))
    if "name" in fields:
        fields["name"] = _check_name(fields["name"], arena=arena)
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    changed = {
        name: [_shown(getattr(arena, name)), _shown(value)]
        for name, value in fields.items()
        if getattr(arena, name) != value
    }
    if not changed:
        return {}
    with transaction.atomic():
        for name in changed:
            setattr(arena, name, fields[name])
        arena.save(update_fields=list(changed))
        _record(by, arena, "arena.change", changed)
    return changed


def arena_staff_add(*, arena: Arena, user, by) -> bool:
    """Make ``user`` frontline staff of ``arena``; False if they were already."""
    with transaction.atomic():
        created = ArenaMembership.objects.get_or_create(arena=arena, user=user)[1]
        if created:
            _record(by, arena, "arena.staff_add", {"user": user.get_username()})
    return created


def arena_staff_remove(*, arena: Arena, user, by) -> bool:
    """``user`` is no longer staff of ``arena`` (their referrals stay); False if they were not."""
    with transaction.atomic():
        deleted, _detail = ArenaMembership.objects.filter(arena=arena, user=user).delete()
        if deleted:
            _record(by, arena, "arena.staff_remove", {"user": user.get_username()})
    return bool(deleted)


def user_arenas_set(*, user, arenas, by) -> tuple[list[Arena], list[Arena]]:
    """Make ``user`` staff of exactly ``arenas``; returns (added, removed)."""
    wanted = {arena.pk: arena for arena in arenas}
    held = {
        m.arena_id: m.arena
        for m in ArenaMembership.objects.filter(user=user).select_related("arena")
    }
    added = [wanted[pk] for pk in wanted.keys() - held.keys()]
    removed = [held[pk] for pk in held.keys() - wanted.keys()]
    with transaction.atomic():
        for arena in added:
            arena_staff_add(arena=arena, user=user, by=by)
        for arena in removed:
            arena_staff_remove(arena=arena, user=user, by=by)
    return added, removed
