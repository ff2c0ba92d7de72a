"""One token generator per purpose of a one-time link that names a user.

Each is Django's ``PasswordResetTokenGenerator`` (an HMAC of the user's id, password hash,
last login, e-mail and a timestamp) with its own ``key_salt``, so a token made for one purpose
never passes for another (a password-reset token is no account confirmation), and with
``is_active`` in the hash, so a link stops working when the account is activated or
deactivated. Each has its own lifetime.

A link carries a *code*, ``<uidb64>-<token>``, after ``#kode=`` so that it never travels in a
request line (and so never reaches an access log); the page it opens posts the code.
(Invitations are not tied to a user: their token is random, see ``links.invitation_token``.)
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

# How long a citizen's account confirmation link works.
CONFIRMATION_DAYS = 3
DAY = 24 * 3600


class PurposeTokenGenerator(PasswordResetTokenGenerator):
    """The shared ground: ``is_active`` hashed too, and a lifetime of its own."""

    key_salt = "brobygger.accounts.token_generators.PurposeTokenGenerator"

    def lifetime_seconds(self) -> int:
        raise NotImplementedError

    def _make_hash_value(self, user, timestamp) -> str:
        # Django's value covers pk, password hash, last_login (to the second), timestamp, e-mail
        return f"{super()._make_hash_value(user, timestamp)}{bool(user.is_active)}"

    def check_token(self, user, token) -> bool:
        if not (user and token and isinstance(token, str)):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not 0 <= self._num_seconds(self._now()) - ts <= self.lifetime_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


class AccountConfirmationTokenGenerator(PurposeTokenGenerator):
    """A citizen's own account (activities' "make an account"): proves the address once."""

    key_salt = "brobygger.accounts.token_generators.AccountConfirmationTokenGenerator"

    def lifetime_seconds(self) -> int:
        return CONFIRMATION_DAYS * DAY


class WelcomeTokenGenerator(PurposeTokenGenerator):
    """A new user's set-password link (``brobygger users add``): it stops working once a
    password is set or they sign in, and lasts ``INVITATION_DAYS``."""

    key_salt = "brobygger.accounts.token_generators.WelcomeTokenGenerator"

    def lifetime_seconds(self) -> int:
        return int(getattr(settings, "INVITATION_DAYS", 14)) * DAY


account_confirmation_token_generator = AccountConfirmationTokenGenerator()
welcome_token_generator = WelcomeTokenGenerator()


def code_make(user, generator: PurposeTokenGenerator) -> str:
    """The code a link carries after ``#kode=``: ``<uidb64>-<timestamp>-<hash>``."""
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}-{generator.make_token(user)}"


def code_split(code: str) -> tuple[str, str] | None:
    """``(uidb64, token)`` of a code, or None when it has not that shape."""
    parts = (code or "").strip().rsplit("-", 2)  # the token's two parts hold no '-'
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], f"{parts[1]}-{parts[2]}"


def user_for_code(code: str, generator: PurposeTokenGenerator):
    """The user whose valid code this is, or None (unknown user, wrong, used or old code)."""
    split = code_split(code)
    if split is None:
        return None
    uidb64, token = split
    users = get_user_model()
    try:
        user = users.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (users.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    return user if generator.check_token(user, token) else None
