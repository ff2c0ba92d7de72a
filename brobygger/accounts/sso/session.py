"""Turning an accepted single sign-on into a Django session (shared by SAML and OIDC)."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from brobygger.accounts.sso.mapping import mapping_load
from brobygger.accounts.sso.models import SsoDevice
from brobygger.accounts.sso.provisioning import SsoClaims, SsoRefused, SsoSignIn, sso_sign_in

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PROTOCOL_KEY = "sso_protocol"  # how this session signed in: "saml", "oidc", or absent (local)


def strong_factor_mark(request, user) -> None:
    """The identity provider's second factor verifies this session (``SsoDevice``)."""
    device, _created = SsoDevice.objects.get_or_create(
        user=user, defaults={"name": "identity provider", "confirmed": True}
    )
    django_otp.login(request, device)


def sign_in(request, claims: SsoClaims, *, backend: str = MODEL_BACKEND) -> SsoSignIn:
    """Apply the mapping and sign the user in (raises SsoRefused). A strong sign-in at the
    identity provider counts as our second factor; a weaker one leaves it to our TOTP
    (``accounts.middleware``), unless ``SSO_REQUIRE_MFA`` refused it already."""
    mapping = mapping_load(settings.SSO_MAPPING_FILE)
    result = sso_sign_in(claims=claims, mapping=mapping, require_mfa=settings.SSO_REQUIRE_MFA)
    login(request, result.user, backend=backend)
    request.session[PROTOCOL_KEY] = claims.protocol  # SAML: "Log out" ends the IdP's session too
    if claims.strong:
        strong_factor_mark(request, result.user)
    return result


def safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def refused_page(request, error: SsoRefused | None, *, status: int = 403):
    """The clear page of a refused sign-in (no role, deactivated, too weak, a failed check)."""
    reason = error.reason if error is not None else "failed"
    return render(
        request,
        "sso/refused.html",
        {"reason": reason, "sso_name": settings.SSO_NAME},
        status=status,
    )
