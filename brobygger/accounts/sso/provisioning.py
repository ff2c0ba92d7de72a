"""Just-in-time accounts: what one single sign-on does to our users.

The first sign-in creates the user with the mapped roles; every sign-in re-applies the mapping,
so a role taken away at the identity provider is taken away here (groups and memberships alike;
the identity provider is where staff access is managed). A sign-in that maps to no role is
refused, not let in as nobody; a user an administrator deactivated stays out whatever the
identity provider says. Each sign-in, let in or refused, is written to the history of account
changes that the administration shows (``accounts.services.change_record``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from brobygger.accounts import memberships, roles
from brobygger.accounts.services import change_record, role_grant
from brobygger.accounts.sso.mapping import Grant, RoleMapping
from brobygger.accounts.sso.models import SsoIdentity

# Memberships by role: the user's related manager and the target's field (``roles.py`` names
# the same related managers).
_MEMBERSHIPS = {
    roles.ROLE_STAFF: ("arena_memberships", "arena"),
    roles.ROLE_EDITOR: ("organisation_memberships", "organization"),
}


@dataclass(frozen=True)
class SsoClaims:
    """What the identity provider said about the person (after its signature was checked)."""

    protocol: str  # SsoIdentity.Protocol
    issuer: str
    subject: str
    idp_roles: tuple[str, ...]
    level: str  # the SAML AuthnContextClassRef, or the OIDC acr/amr, as text for the history
    strong: bool  # the identity provider's sign-in counts as our second factor
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    username_hint: str = ""


class SsoRefused(Exception):
    """The sign-in is refused; ``reason`` is one of REASONS (the page says which)."""

    REASONS = ("no_role", "deactivated", "weak", "unknown_target")

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class SsoSignIn:
    user: object
    created: bool
    grants: frozenset[Grant]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _free_username(hint: str) -> str:
    user_model = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", hint)[:140] or "sso"
    candidate, number = base, 1
    while user_model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _targets(grants) -> dict[Grant, object]:
    """The arena or organisation of each membership grant, or SsoRefused naming the missing."""
    found = {}
    for grant in grants:
        membership = memberships.membership_role(grant.role)
        if membership is None:
            continue
        target = membership.find(grant.target)
        if target is None:
            raise SsoRefused("unknown_target", f"{grant.role}: no {grant.target!r}")
        found[grant] = target
    return found


def _apply(user, grants: frozenset[Grant]) -> tuple[list[str], list[str]]:
    """Make the user's roles exactly ``grants``: (added, removed) as text for the history."""
    targets = _targets(grants)
    added, removed = [], []
    wanted_groups = {g.role for g in grants if g.role in roles.ROLE_GROUPS}
    for group in user.groups.filter(name__in=roles.ROLE_GROUPS).exclude(name__in=wanted_groups):
        user.groups.remove(group)
        removed.append(group.name)
    for role, (manager, target_field) in _MEMBERSHIPS.items():
        keep = [
            getattr(target, "pk", None) for grant, target in targets.items() if grant.role == role
        ]
        for membership in getattr(user, manager).exclude(**{f"{target_field}__in": keep}):
            removed.append(f"{role} ({getattr(membership, target_field)})")
            membership.delete()
    for grant in sorted(grants):
        if grant.role == roles.GROUP_ADMINISTRATOR:
            Group.objects.get_or_create(name=grant.role)
        if role_grant(user=user, role=grant.role, target=targets.get(grant)):
            added.append(str(grant))
    return added, removed


def _history(user, *, claims: SsoClaims, created: bool, outcome: str, grants) -> None:
    message = (
        f"Single sign-on ({claims.protocol}) {outcome}: identity provider {claims.issuer}; "
        f"subject {claims.subject}; level {claims.level or '-'}; "
        f"roles {', '.join(sorted(str(g) for g in grants)) or '-'}"
    )
    change_record(
        by=None,
        by_name=f"SSO: {claims.issuer}"[:150],
        action="user.sso_add" if created else "user.sso_sign_in",
        subject_kind="user",
        subject=user.get_username(),
        subject_id=user.pk,
        detail={
            "protocol": claims.protocol,
            "identity_provider": claims.issuer,
            "subject": claims.subject,
            "level": claims.level or "",
            "roles": sorted(str(g) for g in grants),
            "outcome": outcome,
            "summary": message,
        },
    )


def _refusal(user, claims: SsoClaims, grants, require_mfa: bool) -> tuple[str, str] | None:
    """(reason, what the history says) when this sign-in must be refused, else None."""
    if user is not None and not user.is_active:
        return "deactivated", "refused (deactivated)"
    if not grants:
        return "no_role", "refused (no mapped role)"
    if require_mfa and not claims.strong:
        return "weak", "refused (no second factor at the identity provider)"
    return None


def sso_sign_in(*, claims: SsoClaims, mapping: RoleMapping, require_mfa: bool) -> SsoSignIn:
    """The user the identity provider's answer signs in, with the roles re-applied; or
    SsoRefused. A refusal of a known user is recorded in their history, and a role the identity
    provider no longer sends is taken away even then (not for a deactivated user: an
    administrator's decision is left as it is)."""
    grants = mapping.grants_for(claims.idp_roles)
    with transaction.atomic():
        identity = (
            SsoIdentity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=claims.issuer, subject=claims.subject)
            .first()
        )
        user = identity.user if identity else None
        refusal = _refusal(user, claims, grants, require_mfa)
        if refusal is not None and user is not None:
            if refusal[0] != "deactivated":
                _apply(user, grants if refusal[0] == "weak" else frozenset())
            _history(user, claims=claims, created=False, outcome=refusal[1], grants=grants)
    if refusal is not None:
        raise SsoRefused(refusal[0], claims.level if refusal[0] == "weak" else "")
    with transaction.atomic():
        created = identity is None
        if created:
            user = get_user_model()(
                username=_free_username(claims.username_hint or claims.email or claims.subject),
                email=claims.email,
                first_name=claims.first_name[:150],
                last_name=claims.last_name[:150],
            )
            user.set_unusable_password()
            user.save()
            identity = SsoIdentity.objects.create(
                user=user, protocol=claims.protocol, issuer=claims.issuer, subject=claims.subject
            )
        else:
            user = identity.user
            changed = [
                name
                for name in ("email", "first_name", "last_name")
                if getattr(claims, name) and getattr(user, name) != getattr(claims, name)[:150]
            ]
            for name in changed:
                setattr(user, name, getattr(claims, name)[:150])
            if changed:
                user.save(update_fields=changed)
        added, removed = _apply(user, grants)
        identity.last_sign_in_at = timezone.now()
        identity.save(update_fields=["last_sign_in_at"])
        _history(user, claims=claims, created=created, outcome="signed in", grants=grants)
    return SsoSignIn(user=user, created=created, grants=grants, added=added, removed=removed)
