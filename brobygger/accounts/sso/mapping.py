"""The role mapping file: the identity provider's roles or groups -> our roles.

One YAML file serves SAML (OIOSAML job-function roles from the privilege attribute) and OpenID
Connect (the ``roles`` or ``groups`` claim)::

    # SSO_MAPPING_FILE
    roles:
      - idp: "Brobygger Formidler"          # a job-function role, app role or group id
        role: broker
      - idp: "Brobygger Medarbejder Jobcenter"
        role: staff
        arena: "Jobcentret"                 # staff belong to an arena (its name)
      - idp: "Brobygger Redaktør"
        role: editor
        organisation: "Ventilen Aarhus"     # editors belong to an organisation

Several entries may name the same IdP role (one role giving several of ours). A bad file raises
``MappingError`` naming the file, the entry and the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from brobygger.accounts import roles

MAPPABLE_ROLES = tuple(role for role in roles.ROLES if role != roles.ROLE_CITIZEN)


class MappingError(ValueError):
    """A bad mapping file; the message names the file, the entry and the field."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    idp: str
    role: str
    arena: str | None = None
    organisation: str | None = None

    @field_validator("idp")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in MAPPABLE_ROLES:
            raise ValueError(f"unknown role {value!r} (use {', '.join(MAPPABLE_ROLES)})")
        return value

    @model_validator(mode="after")
    def _target(self) -> _Entry:
        if self.role == roles.ROLE_STAFF and not self.arena:
            raise ValueError("the staff role needs an arena")
        if self.role == roles.ROLE_EDITOR and not self.organisation:
            raise ValueError("the editor role needs an organisation")
        if self.arena and self.role != roles.ROLE_STAFF:
            raise ValueError("only the staff role takes an arena")
        if self.organisation and self.role != roles.ROLE_EDITOR:
            raise ValueError("only the editor role takes an organisation")
        return self


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: list[_Entry]


@dataclass(frozen=True, order=True)
class Grant:
    """One of our roles: a group role (target None), or staff of an arena / editor of an
    organisation (target: its name)."""

    role: str
    target: str | None = None

    def __str__(self) -> str:
        return f"{self.role} ({self.target})" if self.target else self.role


@dataclass(frozen=True)
class RoleMapping:
    entries: tuple[tuple[str, Grant], ...]

    def grants_for(self, idp_roles: Iterable[str]) -> frozenset[Grant]:
        """Our roles for the roles the identity provider sent (exact, case-sensitive names)."""
        have = {value.strip() for value in idp_roles}
        return frozenset(grant for idp, grant in self.entries if idp in have)


def mapping_parse(text: str, *, source: str) -> RoleMapping:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise MappingError(f"{source}: not YAML: {error}") from None
    try:
        parsed = _File.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        raise MappingError(f"{source}: {where}: {first['msg']}") from None
    entries = tuple(
        (entry.idp, Grant(entry.role, entry.arena or entry.organisation)) for entry in parsed.roles
    )
    return RoleMapping(entries=entries)


def mapping_load(path: str | Path) -> RoleMapping:
    """The mapping file at ``path`` (``settings.SSO_MAPPING_FILE``), or MappingError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise MappingError(f"{path}: cannot be read: {error.strerror}") from None
    return mapping_parse(text, source=str(path))
