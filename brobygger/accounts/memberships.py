"""Roles that are a membership of something another app owns, registered by that app.

Frontline staff are members of an arena (``referrals``), editors are members of an
organisation (``directory``). ``accounts`` sits below both and imports neither: each of them
registers its role here from its ``AppConfig.ready()``, saying how to find the thing by name
(for ``brobygger users add --arena/--organisation``) and how to grant the membership. Role
predicates that need another app's data (the referral contact) are registered the same way,
for ``accounts.policy``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MembershipRole:
    role: str  # "staff", "editor"
    option: str  # the command-line option that names the target: "--arena"
    find: Callable[[str], object | None]  # a target by its name, or None
    count: Callable[[str], int]  # how many targets have the name (names need not be unique)
    grant: Callable[[object, object], bool]  # (user, target) -> True when it was new


_membership_roles: dict[str, MembershipRole] = {}
_role_predicates: dict[str, Callable[[object], bool]] = {}


def membership_role_register(role: MembershipRole) -> None:
    _membership_roles[role.role] = role


def membership_role(role: str) -> MembershipRole | None:
    """The registered membership role called ``role``, or None (a group role, or citizen)."""
    return _membership_roles.get(role)


def role_predicate_register(name: str, predicate: Callable[[object], bool]) -> None:
    """A role name ``accounts.policy`` can check (e.g. ``referral_contact``), from another app."""
    _role_predicates[name] = predicate


def role_predicate(name: str) -> Callable[[object], bool] | None:
    return _role_predicates.get(name)
