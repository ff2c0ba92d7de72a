"""Reads for users and sign-in security: the user list, demo users, invitations,
second-factor devices and API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.models import AdminChange, ApiToken, Invitation, SelfRegistration

# Demo users (``accounts.demo``) are members of this group; it is no role.
DEMO_GROUP = "demo"


def is_demo_user(user) -> bool:
    """Is this one of the demo users? (What that allows is decided by the caller, which also
    checks ``core.demo.demo_mode()``: outside demo mode a demo user is an ordinary user.)"""
    return bool(
        user is not None and user.is_authenticated and user.groups.filter(name=DEMO_GROUP).exists()
    )


@dataclass(frozen=True)
class UserRow:
    username: str
    name: str
    email: str
    roles: list[str]
    last_login: datetime | None
    is_active: bool
    has_second_factor: bool
    is_demo: bool


def users_overview() -> list[UserRow]:
    """Every user with their roles: groups, "staff: ARENA", "editor: ORGANISATION"."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = (
        get_user_model()
        .objects.annotate(has_device=Exists(confirmed))
        .prefetch_related(
            "groups", "arena_memberships__arena", "organisation_memberships__organization"
        )
        .order_by("username")
    )
    rows = []
    for user in users:
        groups = {group.name for group in user.groups.all()}
        found = sorted(groups - {DEMO_GROUP})
        if user.is_superuser:
            found.insert(0, "superuser")
        found += sorted(f"staff: {m.arena.name}" for m in user.arena_memberships.all())
        found += sorted(
            f"editor: {m.organization.name}" for m in user.organisation_memberships.all()
        )
        rows.append(
            UserRow(
                username=user.username,
                name=user.get_full_name(),
                email=user.email,
                roles=found,
                last_login=user.last_login,
                is_active=user.is_active,
                has_second_factor=user.has_device,
                is_demo=DEMO_GROUP in groups,
            )
        )
    return rows


def invitations() -> QuerySet[Invitation]:
    """Every invitation, newest first, for the administrator's list."""
    return Invitation.objects.select_related(
        "organisation", "invited_by", "accepted_by", "revoked_by"
    ).order_by("-created_at", "-pk")


def email_has_user(email: str) -> bool:
    """Does a user with this e-mail address (case-insensitive) exist already? An account
    asked for but never confirmed (a pending self-registration) does not count: nobody has
    proved the address, so it is nobody's yet."""
    pending = pending_registrations().values("user_id")
    return get_user_model().objects.filter(email__iexact=email).exclude(pk__in=pending).exists()


# What makes a user more than an account asked for: a role (a group, a membership of an
# organisation or an arena, staff or superuser) or an API key (whose user never signs in).
HOLDS_A_ROLE_OR_KEY = (
    Q(user__is_staff=True)
    | Q(user__is_superuser=True)
    | Q(user__groups__isnull=False)
    | Q(user__organisation_memberships__isnull=False)
    | Q(user__arena_memberships__isnull=False)
    | Q(user__api_tokens__isnull=False)
)


def pending_registrations() -> QuerySet[SelfRegistration]:
    """Self-registrations whose address nobody has proved yet (the user never signed in).
    A user who holds a role or an API key is never one, whatever marks them (a deactivated
    editor, say): such a user is never confirmed (reactivated), discarded or purged."""
    return SelfRegistration.objects.filter(
        confirmed_at__isnull=True, user__is_active=False, user__last_login__isnull=True
    ).exclude(HOLDS_A_ROLE_OR_KEY)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def unconfirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def second_factor_must_wait(user) -> bool:
    """True while too many wrong codes make django-otp refuse to check another one."""
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    return any(not device.verify_is_allowed()[0] for device in devices)


def tokens_of(user) -> QuerySet[ApiToken]:
    """A user's own API tokens, newest first (revoked and expired ones too)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def users_search(query: str = "") -> QuerySet:
    """Users for the administration's list, by user name, name or e-mail (every word must
    match one of them), with what their roles need: groups, arenas, organisations, and
    ``has_device`` (a confirmed second factor)."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = get_user_model().objects.annotate(has_device=Exists(confirmed))
    for word in query.split():
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    return users.prefetch_related(
        "groups", "arena_memberships__arena", "organisation_memberships__organization"
    ).order_by("username")


def admin_changes(*, subject_kind: str = "", subject_id: str = "") -> QuerySet[AdminChange]:
    """The administration's history, newest first; of one kind of thing, or one thing."""
    changes = AdminChange.objects.all()
    if subject_kind:
        changes = changes.filter(subject_kind=subject_kind)
    if subject_id:
        changes = changes.filter(subject_id=str(subject_id))
    return changes.order_by("-at", "-pk")
