"""API bearer tokens: create one (the secret is returned once), revoke, and authenticate by it.

The API's authentication (``TOKEN_OR_SESSION``): an ``Authorization: Bearer`` token, or else the
browser's cookie session. A request that sends an ``Authorization`` header is judged by it alone
(a wrong token is refused, never saved by a cookie). CSRF protects the cookie session only: a
token is not sent by a browser on its own, so a token-authenticated write needs no CSRF token.

A token works until it expires (``settings.API_TOKEN_DAYS`` unless told otherwise) or is
revoked; an expired or revoked token, or one of an inactive user, authenticates nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from brobygger.accounts.models import ApiToken
from brobygger.core.tokens import token_digest, token_pair

# How often the last use is written: every call would turn each API read into a write.
LAST_USE_PRECISION = timedelta(minutes=1)


class TokenNotFound(LookupError):
    """No active token of that user has that name or id."""


def token_create(*, user, name: str, days: int | None = None) -> str:
    """Make a token for ``user`` valid for ``days`` (default ``settings.API_TOKEN_DAYS``)."""
    days = settings.API_TOKEN_DAYS if days is None else days
    if days < 1:
        raise ValueError("days: a token must be valid for at least one day")
    token, digest = token_pair()
    ApiToken.objects.create(
        user=user,
        name=name,
        digest=digest,
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
        .filter(digest=token_digest(token), revoked_at__isnull=True, expires_at__gt=now)
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


class SessionCookie(APIKeyCookie):
    """The signed-in browser's session cookie, for requests without an ``Authorization``
    header. CSRF is checked only once a signed-in session is found (an anonymous caller gets
    401, not a CSRF failure); a failed check is 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if "authorization" in request.headers or not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return request.user


# ``auth=`` of every operation that needs a signed-in user (tried in this order).
TOKEN_OR_SESSION = [BearerToken(), SessionCookie()]
