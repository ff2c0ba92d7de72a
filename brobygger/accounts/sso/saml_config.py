"""pysaml2's service-provider configuration, built from the SSO_SAML_* settings (djangosaml2
asks ``sp_config_loader`` for it: ``SAML_CONFIG_LOADER``).

What it asks of the IdP (OIOSAML 3): AuthnRequests signed by us (RSA-SHA256, HTTP-Redirect),
assertions signed by the IdP (and encrypted to our certificate when
``SSO_SAML_WANT_ENCRYPTED``), ``RequestedAuthnContext`` of ``SSO_SAML_LEVEL`` (NSIS
Substantial) with comparison "minimum", persistent NameIDs, single logout, and
``SSO_CLOCK_SKEW_SECONDS`` of clock difference; single logout messages from the IdP must be
signed with a key of its metadata (``saml_logout``). Our endpoints are on ``SITE_URL``, so
the metadata stays the same whichever host name a request came by."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

# NSIS levels of assurance, weakest first: a level at or above the one asked for is enough.
NSIS_LEVELS = (
    "https://data.gov.dk/concept/core/nsis/loa/Low",
    "https://data.gov.dk/concept/core/nsis/loa/Substantial",
    "https://data.gov.dk/concept/core/nsis/loa/High",
)


def level_satisfies(level: str | None, wanted: str) -> bool:
    """Does the AuthnContextClassRef ``level`` meet ``wanted`` (an NSIS level, or any other
    class ref, which must then match exactly)?"""
    if not level:
        return False
    if level in NSIS_LEVELS and wanted in NSIS_LEVELS:
        return NSIS_LEVELS.index(level) >= NSIS_LEVELS.index(wanted)
    return level == wanted


def sp_config_dict() -> dict:
    site = settings.SITE_URL.rstrip("/")
    keypair = {"key_file": settings.SSO_SAML_KEY_FILE, "cert_file": settings.SSO_SAML_CERT_FILE}
    metadata = (
        {"local": [settings.SSO_SAML_METADATA_FILE]}
        if settings.SSO_SAML_METADATA_FILE
        else {"remote": [{"url": settings.SSO_SAML_METADATA_URL}]}
    )
    return {
        "entityid": settings.SSO_SAML_ENTITY_ID,
        "xmlsec_binary": settings.SSO_SAML_XMLSEC_BINARY,
        "allow_unknown_attributes": True,
        "accepted_time_diff": settings.SSO_CLOCK_SKEW_SECONDS,
        "metadata": metadata,
        **keypair,
        "encryption_keypairs": [keypair],
        "service": {
            "sp": {
                "name": "Brobygger",
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "endpoints": {
                    "assertion_consumer_service": [
                        (site + reverse("saml2_acs"), BINDING_HTTP_POST)
                    ],
                    "single_logout_service": [
                        (site + reverse("saml2_ls"), BINDING_HTTP_REDIRECT),
                        (site + reverse("saml2_ls_post"), BINDING_HTTP_POST),
                    ],
                },
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "logout_responses_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
                "requested_authn_context": {
                    "authn_context_class_ref": [settings.SSO_SAML_LEVEL],
                    "comparison": "minimum",
                },
            }
        },
    }


def sp_config_loader(request=None) -> SPConfig:
    config = SPConfig()
    config.load(sp_config_dict())
    signed_requests_required(config)
    return config


def signed_requests_required(config: SPConfig) -> None:
    """Every request the IdP sends us (its LogoutRequest, single logout started elsewhere) must
    be signed by the IdP, with a signing key of its metadata: over HTTP-Redirect in the query
    (SigAlg, Signature), over HTTP-POST in the XML.

    pysaml2 has no service-provider option for this. Its check of received requests
    (``Entity._parse_request``) reads the IdP-side option ``want_authn_requests_signed`` for
    every entity; it is set here, after loading, because a ``service.idp`` section in the
    dictionary would also make our metadata describe an IdP. tests/sso/test_saml_logout.py
    fails if pysaml2 stops reading it."""
    config.setattr("idp", "want_authn_requests_signed", True)
