"""API bearer tokens: create one (the secret is returned once), revoke, and authenticate by it.

A token works until it expires (``settings.API_TOKEN_DAYS`` unless told otherwise) or is
revoked; an expired or revoked token, or one of an inactive user, authenticates nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from ninja.security import HttpBearer

from brobygger.accounts.models import ApiToken

# How often the last use is written: every call would turn each API read into a write.
LAST_USE_PRECISION = timedelta(minutes=1)


class TokenNotFound(LookupError):
    """No active token of that user has that name or id."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, user, name: str, days: int | None = None) -> str:
    """Make a token for ``user`` valid for ``days`` (default ``settings.API_TOKEN_DAYS``)."""
    days = settings.API_TOKEN_DAYS if days is None else days
    if days < 1:
        raise ValueError("days: a token must be valid for at least one day")
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name=name,
        digest=_digest(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token


def token_revoke(*, token: ApiToken) -> None:
    """Revoke one token (kept, marked revoked, so the list still shows it)."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_revoke_by_name(*, user, name_or_id: str) -> int:
    """Revoke the user's unrevoked tokens called ``name_or_id`` (or with that id); how many."""
    match = Q(name=name_or_id)
    if name_or_id.isdigit():
        match |= Q(pk=int(name_or_id))
    found = ApiToken.objects.filter(match, user=user, revoked_at__isnull=True)
    revoked = found.update(revoked_at=timezone.now())
    if not revoked:
        raise TokenNotFound(name_or_id)
    return revoked


def user_for_token(token: str):
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    if found.last_used_at is None or now - found.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; the request then acts as the token's user."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
