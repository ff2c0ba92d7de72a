"""Whether single sign-on is configured: settings only, so that starting Django, the deployment
checks and the sign-in page do not import pysaml2 or Authlib (pysaml2 alone takes about a second
to import) when SSO is off."""

from __future__ import annotations

from django.conf import settings


def saml_configured() -> bool:
    return bool(
        (settings.SSO_SAML_METADATA_URL or settings.SSO_SAML_METADATA_FILE)
        and settings.SSO_SAML_ENTITY_ID
    )


def oidc_configured() -> bool:
    return bool(settings.SSO_OIDC_DISCOVERY_URL and settings.SSO_OIDC_CLIENT_ID)
