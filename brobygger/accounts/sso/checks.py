"""``brobygger check`` (Django's deploy checks): the single sign-on configuration.

Nothing configured: nothing to say. Otherwise every setting the configured protocol needs must
be there, the files must be readable and the mapping file valid (brobygger.E1xx)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks

from brobygger.accounts.sso.configured import oidc_configured, saml_configured
from brobygger.accounts.sso.mapping import MappingError, mapping_load


def _error(message: str, hint: str, number: int) -> checks.Error:
    return checks.Error(message, hint=hint, id=f"brobygger.E{number}")


def _file_errors(name: str, number: int) -> list[checks.CheckMessage]:
    value = getattr(settings, name, "")
    if not value:
        return [_error(f"{name} is not set.", "Name the file in the env file.", number)]
    if not Path(value).is_file():
        return [_error(f"{name}: {value} is not a readable file.", "Check the path.", number)]
    return []


def _oidc_errors() -> list[checks.CheckMessage]:
    discovery, client = settings.SSO_OIDC_DISCOVERY_URL, settings.SSO_OIDC_CLIENT_ID
    if not discovery and not client:
        return []
    errors = []
    if not discovery or not client:
        missing = "SSO_OIDC_DISCOVERY_URL" if not discovery else "SSO_OIDC_CLIENT_ID"
        errors.append(_error(f"{missing} is not set.", "OpenID Connect needs both.", 110))
    if discovery and not discovery.startswith("https://") and not settings.DEBUG:
        errors.append(
            _error(
                f"SSO_OIDC_DISCOVERY_URL is not https: {discovery}",
                "The provider's discovery document and keys must come over TLS.",
                111,
            )
        )
    if not settings.SSO_OIDC_CLIENT_SECRET:
        errors.append(
            _error(
                "SSO_OIDC_CLIENT_SECRET is not set.",
                "Register Brobygger as a confidential (web) client and set its secret.",
                112,
            )
        )
    if not settings.SSO_OIDC_ROLES_CLAIM:
        errors.append(_error("SSO_OIDC_ROLES_CLAIM is empty.", "Use roles or groups.", 113))
    return errors


def _saml_errors() -> list[checks.CheckMessage]:
    if not (settings.SSO_SAML_METADATA_URL or settings.SSO_SAML_METADATA_FILE):
        return []
    errors = []
    if settings.SSO_SAML_METADATA_FILE:
        errors += _file_errors("SSO_SAML_METADATA_FILE", 120)
    elif not settings.SSO_SAML_METADATA_URL.startswith("https://") and not settings.DEBUG:
        errors.append(
            _error(
                "SSO_SAML_METADATA_URL is not https.",
                "The IdP's metadata (its signing certificate) must come over TLS.",
                121,
            )
        )
    if not settings.SSO_SAML_ENTITY_ID:
        errors.append(
            _error("SSO_SAML_ENTITY_ID is not set.", "Our entity id, as registered.", 122)
        )
    errors += _file_errors("SSO_SAML_KEY_FILE", 123)
    errors += _file_errors("SSO_SAML_CERT_FILE", 124)
    if not Path(settings.SSO_SAML_XMLSEC_BINARY).is_file():
        errors.append(
            _error(
                f"xmlsec1 not found at {settings.SSO_SAML_XMLSEC_BINARY}.",
                "Install the xmlsec1 package (apt-get install xmlsec1).",
                125,
            )
        )
    return errors


def sso_config_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E100-E125: the single sign-on settings, when single sign-on is configured."""
    errors = _oidc_errors() + _saml_errors()
    if not (oidc_configured() or saml_configured() or errors):
        return []
    if not settings.SSO_MAPPING_FILE:
        errors.append(
            _error(
                "SSO_MAPPING_FILE is not set.",
                "Single sign-on needs the file that maps the identity provider's roles to ours.",
                100,
            )
        )
    else:
        try:
            mapping_load(settings.SSO_MAPPING_FILE)
        except MappingError as error:
            errors.append(_error(str(error), "See docs/sso.md for the mapping file.", 101))
    if not settings.SSO_NAME:
        errors.append(
            checks.Warning(
                "SSO_NAME is not set: the sign-in button says 'your organisation'.",
                hint="Set SSO_NAME to the municipality's name, e.g. SSO_NAME=Aarhus Kommune.",
                id="brobygger.W100",
            )
        )
    return errors
