"""Writes for users and sign-in security: adding users and their roles, organisation
invitations (``invitations.py``), setting up and passing the second factor (TOTP)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts import memberships, registration, roles, selectors
from brobygger.accounts.links import invitation_days, set_password_path
from brobygger.accounts.models import AdminChange
from brobygger.core import messaging


class UserAddError(ValueError):
    """Bad input to ``user_add``; ``field`` names the option (``--arena``) or argument."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class UserAdded:
    user: object
    created: bool  # a new user (False: an existing one)
    role_added: bool  # False: they had the role already
    link: str | None  # the one-time set-password link (new users, or ones without a password)


def _membership_target(role: str, name: str | None):
    """The arena or organisation a membership role needs, found by its name, or
    UserAddError naming the option."""
    membership = memberships.membership_role(role)
    if membership is None:
        return None
    what = membership.option.lstrip("-")
    if not name:
        raise UserAddError(membership.option, f"the {role} role needs the {what} they belong to")
    if membership.count(name) > 1:
        raise UserAddError(membership.option, f"several {what}s are called {name!r}")
    target = membership.find(name)
    if target is None:
        raise UserAddError(membership.option, f"no {what} called {name!r}")
    return target


def role_grant(*, user, role: str, target=None) -> bool:
    """Give ``user`` the role: a group, or a membership of ``target`` (the arena of staff,
    the organisation of an editor: ``accounts.memberships``). False when they had it already;
    citizen is any signed-in user, so it adds nothing."""
    if role in roles.ROLE_GROUPS:
        if user.groups.filter(name=role).exists():
            return False
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        return True
    membership = memberships.membership_role(role)
    if membership is not None:
        return membership.grant(user, target)
    if role == roles.ROLE_CITIZEN:
        return False
    raise UserAddError("--role", f"unknown role {role!r} (use {', '.join(roles.ROLES)})")


def user_add(
    *,
    username: str,
    email: str | None,
    role: str,
    arena: str | None = None,
    organisation: str | None = None,
    base_url: str | None = None,
) -> UserAdded:
    """Add a user with a role, or the role to an existing user (idempotent). A new user has no
    usable password: ``link`` is their one-time set-password link (on ``SITE_URL``, or on
    ``base_url`` when given), to be e-mailed (``user_welcome_send``) and shown to the
    administrator. An account asked for with the user name or address and never confirmed (a
    pending self-registration) gets no role: it is discarded and the user made anew, as
    ``invitation_accept`` does. Bad input raises UserAddError naming the option; then nothing is
    saved."""
    if role not in roles.ROLES:
        raise UserAddError("--role", f"unknown role {role!r} (use {', '.join(roles.ROLES)})")
    target = _membership_target(role, arena if role == roles.ROLE_STAFF else organisation)
    user_model = get_user_model()
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise UserAddError("--email", f"{email!r} is not an e-mail address") from None
    with transaction.atomic():
        user = user_model.objects.select_for_update().filter(username=username).first()
        if user is not None and registration.is_pending(user):
            # asked for, never proved: nobody's account, so it gets no role (as an invitation)
            user_model.objects.filter(pk=user.pk).delete()
            user = None
        if email:
            registration.self_registration_discard(email=email)
        created = user is None
        if created:
            if not email:
                raise UserAddError("--email", "a new user needs an e-mail address")
            try:
                user_model.username_validator(username)
            except ValidationError as error:
                raise UserAddError("USERNAME", " ".join(error.messages)) from None
            user = user_model(username=username, email=email)
            user.set_unusable_password()
            user.save()
        elif email and email.lower() != user.email.lower():
            raise UserAddError(
                "--email", f"{username} has the address {user.email!r} (change it in /admin/)"
            )
        added = role_grant(user=user, role=role, target=target)
    link = None
    if not user.has_usable_password():
        path = set_password_path(user)
        link = base_url.rstrip("/") + path if base_url else messaging.site_url(path)
    return UserAdded(user=user, created=created, role_added=added, link=link)


def user_welcome_send(*, user, link: str) -> bool:
    """E-mail a user their set-password link, in Danish (the staff's language); False when it
    was not sent (``core.messaging`` logs why)."""
    context = {"user": user, "link": link, "days": invitation_days()}
    message = messaging.render(
        "accounts/messages/welcome", context, language=settings.LANGUAGE_CODE
    )
    return messaging.send_email(message, user.email, quota=False)


def totp_setup_start(*, user) -> TOTPDevice:
    """The unconfirmed device whose secret the set-up page shows (made once, then reused)."""
    device = selectors.unconfirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_setup_confirm(*, request, code: str) -> bool:
    """Confirm the pending device with a code from the app; it then replaces any older device
    and the session counts as verified. False when the code is not right."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None or not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    request.session.cycle_key()
    django_otp.login(request, device)
    return True


def second_factor_verify(*, request, code: str) -> bool:
    """Check a code against the user's confirmed devices; on success the session is verified."""
    user = request.user
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            request.session.cycle_key()
            django_otp.login(request, verified)
            return True
    return False


def second_factor_reset(*, user) -> int:
    """Remove every device of a user (a lost phone); they set up a new one at next sign-in."""
    deleted, _detail = TOTPDevice.objects.filter(user=user).delete()
    return deleted


# --- The administration's changes (the web's /administration/), each kept in the history ---


class UserChangeError(ValueError):
    """A change to a user that is refused; ``field`` names the form field (or None)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field


def change_record(
    *,
    by,
    action: str,
    subject_kind: str,
    subject,
    subject_id="",
    detail: dict | None = None,
    by_name: str = "",
) -> AdminChange:
    """Keep one change in the history: ``by`` (a user, or None for the system) did ``action``
    to ``subject`` (its name now). ``detail`` holds what changed, never a secret. Without a
    user, ``by_name`` says who (the command line: ``brobygger users``)."""
    return AdminChange.objects.create(
        by=by if by is not None and by.is_authenticated else None,
        by_name=by.get_username() if by is not None and by.is_authenticated else by_name,
        action=action,
        subject_kind=subject_kind,
        subject_id=str(subject_id or ""),
        subject=str(subject)[:300],
        detail=detail or {},
    )


COMMAND_LINE = "brobygger users"  # who made a change from the command line


def _user_change(by, user, action: str, detail: dict | None = None) -> AdminChange:
    return change_record(
        by=by,
        by_name=COMMAND_LINE if by is None else "",
        action=action,
        subject_kind="user",
        subject=user.get_username(),
        subject_id=user.pk,
        detail=detail,
    )


def user_add_by_administrator(
    *,
    username: str,
    email: str,
    role: str,
    target=None,
    first_name: str = "",
    last_name: str = "",
    by,
    base_url: str | None = None,
) -> UserAdded:
    """A new user added in the web, as ``brobygger users add`` adds one (``user_add``: no
    password, a one-time set-password link), with the arena or organisation ``target`` chosen
    by the administrator for the staff and editor roles. Unlike the command it never changes an
    existing user: a taken user name or address is a UserAddError naming the form field."""
    username = username.strip()
    email = (email or "").strip()
    existing = get_user_model().objects.filter(username=username).first()
    if existing is not None and not registration.is_pending(existing):
        raise UserAddError(
            "username", _("There is a user called %(username)s already.") % {"username": username}
        )
    if email and selectors.email_has_user(email):
        raise UserAddError(
            "email", _("A user has the address %(email)s already.") % {"email": email}
        )
    membership = memberships.membership_role(role)
    if membership is not None and target is None:
        raise UserAddError(membership.option, f"the {role} role needs the {membership.option[2:]}")
    with transaction.atomic():
        added = user_add(
            username=username,
            email=email,
            role=roles.ROLE_CITIZEN if membership is not None else role,
            base_url=base_url,
        )
        user: Any = added.user
        if first_name or last_name:
            user.first_name, user.last_name = first_name.strip(), last_name.strip()
            user.save(update_fields=["first_name", "last_name"])
        detail = {"role": role}
        if membership is not None:
            role_grant(user=user, role=role, target=target)
            detail[membership.option[2:]] = str(target)
        _user_change(by, user, "user.add", detail)
    return UserAdded(user=user, created=True, role_added=True, link=added.link)


def _superuser_guard(user, by) -> None:
    """A superuser (who may use Django's admin site) is changed by a superuser only (or from
    the command line: ``by`` None)."""
    if by is not None and user.is_superuser and not by.is_superuser:
        raise UserChangeError(None, _("Only a superuser can change a superuser."))


def user_added_record(*, added: UserAdded, role: str, where: str | None = None, by=None) -> None:
    """Keep a ``user_add`` of the command line (``by`` None) in the history: a new user, or a
    role given to an existing one; nothing when nothing changed."""
    if added.created:
        detail = {"role": role}
        if where:
            detail["arena" if role == roles.ROLE_STAFF else "organisation"] = where
        _user_change(by, added.user, "user.add", detail)
    elif added.role_added:
        _user_change(by, added.user, "user.roles", {"added": [role], "removed": []})


def user_deactivate(*, user, by) -> bool:
    """The user can no longer sign in (their sessions end at their next request); nothing of
    theirs is deleted. False if they were inactive already. Nobody deactivates themselves."""
    if user.pk == by.pk:
        raise UserChangeError(None, _("You cannot deactivate yourself."))
    _superuser_guard(user, by)
    with transaction.atomic():
        changed = (
            get_user_model().objects.filter(pk=user.pk, is_active=True).update(is_active=False)
        )
        if changed:
            _user_change(by, user, "user.deactivate")
    user.refresh_from_db(fields=["is_active"])
    return bool(changed)


def user_reactivate(*, user, by) -> bool:
    """The user can sign in again. False if they were active already."""
    with transaction.atomic():
        changed = (
            get_user_model().objects.filter(pk=user.pk, is_active=False).update(is_active=True)
        )
        if changed:
            _user_change(by, user, "user.reactivate")
    user.refresh_from_db(fields=["is_active"])
    return bool(changed)


def user_groups_set(*, user, groups, by) -> tuple[list[str], list[str]]:
    """Give ``user`` exactly the role groups ``groups`` (of ``roles.ROLE_GROUPS``; other
    groups, such as the demo group, are left alone). Returns (added, removed). An administrator
    cannot take the administrator role from themselves (nobody would be left to give it back)."""
    wanted = set(groups)
    _superuser_guard(user, by)
    unknown = wanted - set(roles.ROLE_GROUPS)
    if unknown:
        raise UserChangeError("groups", _("Unknown role: %(role)s.") % {"role": sorted(unknown)[0]})
    gives_up_administration = roles.GROUP_ADMINISTRATOR not in wanted and not user.is_superuser
    if user.pk == by.pk and gives_up_administration and roles.is_administrator(user):
        raise UserChangeError("groups", _("You cannot take the administrator role from yourself."))
    with transaction.atomic():
        held = set(user.groups.filter(name__in=roles.ROLE_GROUPS).values_list("name", flat=True))
        added, removed = sorted(wanted - held), sorted(held - wanted)
        for name in added:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        if removed:
            user.groups.remove(*Group.objects.filter(name__in=removed))
        if added or removed:
            _user_change(by, user, "user.roles", {"added": added, "removed": removed})
    return added, removed


def user_second_factor_reset(*, user, by=None) -> int:
    """``second_factor_reset`` by an administrator (a lost phone), or from the command line
    (``by`` None), kept in the history."""
    _superuser_guard(user, by)
    with transaction.atomic():
        deleted = second_factor_reset(user=user)
        _user_change(by, user, "user.second_factor_reset", {"devices": deleted})
    return deleted


def user_set_password_link(*, user, by, base_url: str | None = None) -> str:
    """A new one-time set-password link for a user who has no password yet (the first mail
    was lost), e-mailed as ``users add`` does and returned to show once."""
    if user.has_usable_password():
        raise UserChangeError(None, _("The user has chosen a password already."))
    path = set_password_path(user)
    link = base_url.rstrip("/") + path if base_url else messaging.site_url(path)
    _user_change(by, user, "user.link_sent")
    return link
