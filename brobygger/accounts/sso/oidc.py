"""OpenID Connect relying party (Authlib): the authorisation code flow with PKCE (S256), state
and nonce, discovery, and the ID token's signature (the provider's JWKS), ``iss``, ``aud``,
``exp`` and ``nonce`` checked by Authlib against the discovery document and our client id."""

from __future__ import annotations

from functools import cache

from authlib.integrations.django_client import OAuth
from django.conf import settings

from brobygger.accounts.sso.provisioning import SsoClaims


@cache
def _client(discovery_url: str, client_id: str, client_secret: str, scopes: str):
    oauth = OAuth()
    return oauth.register(
        name="idp",
        client_id=client_id,
        client_secret=client_secret or None,
        server_metadata_url=discovery_url,
        client_kwargs={"scope": scopes, "code_challenge_method": "S256"},
    )


def oidc_client():
    """The Authlib client for the configured provider (its discovery document is fetched once)."""
    return _client(
        settings.SSO_OIDC_DISCOVERY_URL,
        settings.SSO_OIDC_CLIENT_ID,
        settings.SSO_OIDC_CLIENT_SECRET,
        settings.SSO_OIDC_SCOPES,
    )


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def oidc_claims(id_token: dict) -> SsoClaims:
    """Our view of a checked ID token: roles from ``SSO_OIDC_ROLES_CLAIM``, the second factor
    from ``amr`` (one of ``SSO_OIDC_MFA_AMR``) or ``acr`` (one of ``SSO_OIDC_MFA_ACR``)."""
    amr = _as_list(id_token.get("amr"))
    acr = str(id_token.get("acr") or "")
    strong = bool(set(amr) & set(settings.SSO_OIDC_MFA_AMR)) or (
        bool(acr) and acr in settings.SSO_OIDC_MFA_ACR
    )
    level = " ".join(
        filter(None, [f"acr={acr}" if acr else "", f"amr={','.join(amr)}" if amr else ""])
    )
    return SsoClaims(
        protocol="oidc",
        issuer=str(id_token["iss"]),
        subject=str(id_token["sub"]),
        idp_roles=tuple(_as_list(id_token.get(settings.SSO_OIDC_ROLES_CLAIM))),
        level=level,
        strong=strong,
        email=str(id_token.get("email") or ""),
        first_name=str(id_token.get("given_name") or ""),
        last_name=str(id_token.get("family_name") or ""),
        username_hint=str(id_token.get("preferred_username") or id_token.get("email") or ""),
    )


def oidc_token_claims(request) -> dict:
    """Finish the code flow (state, code + PKCE verifier, ID token checks): the ID token's
    claims. Raises authlib's errors on anything wrong, and ValueError without an ID token."""
    client = oidc_client()
    metadata = client.load_server_metadata()
    token = client.authorize_access_token(
        request,
        claims_options={
            "iss": {"essential": True, "values": [metadata["issuer"]]},
            "aud": {"essential": True},
            "exp": {"essential": True},
        },
        leeway=settings.SSO_CLOCK_SKEW_SECONDS,
    )
    claims = token.get("userinfo")
    if not claims:
        raise ValueError("the provider sent no ID token")
    return dict(claims)
