"""One-time links sent by e-mail: the set-password link of a new user (Django's password-reset
token machinery with its own salt and lifetime) and the token of an organisation invitation
(random; only its SHA-256 is stored)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode


def invitation_days() -> int:
    """How many days an invitation or a new user's set-password link works."""
    return int(getattr(settings, "INVITATION_DAYS", 14))


class WelcomeTokenGenerator(PasswordResetTokenGenerator):
    """A new user's set-password token: like a reset token (it stops working once a password
    is set or they sign in), but a different salt, so it is no reset token, and it lasts
    ``INVITATION_DAYS`` rather than the reset link's hour."""

    key_salt = "brobygger.accounts.links.WelcomeTokenGenerator"

    def check_token(self, user, token) -> bool:
        # Django's check compares the age with PASSWORD_RESET_TIMEOUT; ours is longer.
        if not (user and token):
            return False
        try:
            ts = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - ts > invitation_days() * 24 * 3600:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


welcome_token_generator = WelcomeTokenGenerator()


def set_password_path(user) -> str:
    """The path of the user's one-time set-password page (no host)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = welcome_token_generator.make_token(user)
    return reverse("accounts:welcome", kwargs={"uidb64": uid, "token": token})


def invitation_token() -> tuple[str, str]:
    """A new invitation token and its digest (the only thing stored)."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path
