"""Demo users: one per role, sharing one printed password, made only in demo mode (DEBUG on and
SQLite, ``core.demo.demo_mode``) by ``brobygger setup`` (``web.demo_seed``).

They are members of the ``demo`` group (``selectors.is_demo_user``). In demo mode they skip the
second factor and the login page lists them; outside demo mode none are made, none are listed
and none skip anything. Other apps' demos find them through ``DEMO_USERNAMES``: the example
organisations (``directory.demo``) make ``demo-redaktoer`` their editor and contact person.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from brobygger.accounts import memberships, roles
from brobygger.accounts.selectors import DEMO_GROUP
from brobygger.accounts.services import role_grant
from brobygger.core.demo import demo_mode

DEMO_USERNAMES = {
    roles.GROUP_ADMINISTRATOR: "demo-admin",
    roles.GROUP_BROKER: "demo-formidler",
    roles.GROUP_ANALYST: "demo-analytiker",
    roles.ROLE_STAFF: "demo-medarbejder",
    roles.ROLE_EDITOR: "demo-redaktoer",
    roles.ROLE_CITIZEN: "demo-borger",
    roles.GROUP_VOLUNTEER: "demo-frivillig",
}
DEMO_PASSWORD = "demo-brobygger"  # printed and shown on the login page: demo mode only
DEMO_ARENA = "Jobcenter Aarhus (demo)"
# The names the demo users show (fictional, marked as demo).
DEMO_NAMES = {
    roles.GROUP_ADMINISTRATOR: ("Anna", "Admin (demo)"),
    roles.GROUP_BROKER: ("Frida", "Formidler (demo)"),
    roles.GROUP_ANALYST: ("Anders", "Analytiker (demo)"),
    roles.ROLE_STAFF: ("Mette", "Medarbejder (demo)"),
    roles.ROLE_EDITOR: ("Rasmus", "Redaktør (demo)"),
    roles.ROLE_CITIZEN: ("Birgit", "Borger (demo)"),
    roles.GROUP_VOLUNTEER: ("Frederik", "Frivillig (demo)"),
}


@transaction.atomic
def demo_seed() -> str | None:
    """Make the demo users that are missing (demo mode only; idempotent). The console line
    when any was made, else None."""
    if not demo_mode():
        return None
    user_model = get_user_model()
    demo_group = Group.objects.get_or_create(name=DEMO_GROUP)[0]
    made = []
    for role, username in DEMO_USERNAMES.items():
        first, last = DEMO_NAMES[role]
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.invalid",
                "first_name": first,
                "last_name": last,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)  # no validators: a shared, printed demo password
            user.save(update_fields=["password"])
            made.append(username)
        user.groups.add(demo_group)
        # the memberships come from the apps that own them: referrals.demo puts the staff user
        # in DEMO_ARENA, directory.demo makes the editor the editor of its examples
        if memberships.membership_role(role) is None:
            role_grant(user=user, role=role)
    if not made:
        return None
    return f"Demo users: {', '.join(made)} (password: {DEMO_PASSWORD})"


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, password) of each demo user that exists, in demo mode only."""
    if not demo_mode():
        return []
    existing = set(
        get_user_model()
        .objects.filter(
            username__in=DEMO_USERNAMES.values(), groups__name=DEMO_GROUP, is_active=True
        )
        .values_list("username", flat=True)
    )
    return [
        (username, str(roles.ROLE_LABELS[role]), DEMO_PASSWORD)
        for role, username in DEMO_USERNAMES.items()
        if username in existing
    ]


def demo_logins_lines() -> list[str]:
    """The demo logins as console lines, for ``brobygger serve`` (empty outside demo mode)."""
    logins = demo_logins()
    if not logins:
        return []
    width = max(len(username) for username, _role, _password in logins)
    lines = [f"Demo logins (demo mode only; password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {username.ljust(width)}  {role}" for username, role, _password in logins]
    return lines
