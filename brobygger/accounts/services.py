"""Writes for users and sign-in security: adding users and their roles, organisation
invitations (``invitations.py``), setting up and passing the second factor (TOTP)."""

from __future__ import annotations

from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts import memberships, registration, roles, selectors
from brobygger.accounts.links import invitation_days, set_password_path
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
