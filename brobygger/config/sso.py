"""Single sign-on settings for staff (``brobygger.accounts.sso``), read from the environment.

Nothing set: no single sign-on, only local accounts. Setting ``SSO_SAML_METADATA_URL`` (or
``_FILE``) turns on SAML 2.0 (OIOSAML 3, KOMBIT's Context Handler); setting
``SSO_OIDC_DISCOVERY_URL`` turns on OpenID Connect (e.g. Microsoft Entra ID). Both map the roles
the identity provider sends through one mapping file (``SSO_MAPPING_FILE``). ``brobygger check``
(Django's deploy checks) validates all of it: see ``brobygger/accounts/sso/checks.py`` and
docs/sso.md.
"""

from __future__ import annotations

from brobygger.config.env import env_bool, env_int, env_list, env_str

# Shown on the sign-in button: "Log ind med Aarhus Kommune".
SSO_NAME = env_str("SSO_NAME", "") or ""
# YAML: the identity provider's roles or groups -> our roles, arena, organisation.
SSO_MAPPING_FILE = env_str("SSO_MAPPING_FILE", "") or ""
# 1: a sign-in without a strong second factor at the identity provider (NSIS "Betydelig" in
# SAML, an MFA amr/acr in OpenID Connect) is refused; 0: our own TOTP is asked for instead.
SSO_REQUIRE_MFA = env_bool("SSO_REQUIRE_MFA", default=False)
# Seconds of clock difference tolerated between us and the identity provider.
SSO_CLOCK_SKEW_SECONDS = env_int("SSO_CLOCK_SKEW_SECONDS", 120)

# OpenID Connect: the provider's discovery document, our client, the claim with the roles.
SSO_OIDC_DISCOVERY_URL = env_str("SSO_OIDC_DISCOVERY_URL", "") or ""
SSO_OIDC_CLIENT_ID = env_str("SSO_OIDC_CLIENT_ID", "") or ""
SSO_OIDC_CLIENT_SECRET = env_str("SSO_OIDC_CLIENT_SECRET", "") or ""
SSO_OIDC_SCOPES = env_str("SSO_OIDC_SCOPES", "openid email profile") or ""
SSO_OIDC_ROLES_CLAIM = env_str("SSO_OIDC_ROLES_CLAIM", "roles") or "roles"
# An ID token whose amr holds one of these, or whose acr is one of SSO_OIDC_MFA_ACR, counts as
# a second factor.
SSO_OIDC_MFA_AMR = env_list("SSO_OIDC_MFA_AMR", ["mfa"])
SSO_OIDC_MFA_ACR = env_list("SSO_OIDC_MFA_ACR", [])

# SAML 2.0 (OIOSAML 3): the IdP's metadata, our entity id, our signing/encryption key pair.
SSO_SAML_METADATA_URL = env_str("SSO_SAML_METADATA_URL", "") or ""
SSO_SAML_METADATA_FILE = env_str("SSO_SAML_METADATA_FILE", "") or ""
SSO_SAML_ENTITY_ID = env_str("SSO_SAML_ENTITY_ID", "") or ""
SSO_SAML_KEY_FILE = env_str("SSO_SAML_KEY_FILE", "") or ""
SSO_SAML_CERT_FILE = env_str("SSO_SAML_CERT_FILE", "") or ""
# 1: assertions must come encrypted to our certificate.
SSO_SAML_WANT_ENCRYPTED = env_bool("SSO_SAML_WANT_ENCRYPTED", default=False)
# OIOSAML 3's privilege attribute (base64 XML of job-function roles), and the NSIS level asked.
SSO_SAML_PRIVILEGE_ATTRIBUTE = (
    env_str("SSO_SAML_PRIVILEGE_ATTRIBUTE", "")
    or "https://data.gov.dk/model/core/eid/privilegesIntermediate"
)
SSO_SAML_LEVEL = (
    env_str("SSO_SAML_LEVEL", "") or "https://data.gov.dk/concept/core/nsis/loa/Substantial"
)
SSO_SAML_EMAIL_ATTRIBUTE = (
    env_str("SSO_SAML_EMAIL_ATTRIBUTE", "") or "https://data.gov.dk/model/core/eid/email"
)
SSO_SAML_NAME_ATTRIBUTE = (
    env_str("SSO_SAML_NAME_ATTRIBUTE", "") or "https://data.gov.dk/model/core/eid/fullName"
)
SSO_SAML_XMLSEC_BINARY = env_str("SSO_SAML_XMLSEC_BINARY", "") or "/usr/bin/xmlsec1"

# djangosaml2: our configuration loader, AuthnRequests by HTTP-Redirect (signed in the query, no
# self-submitting form that the Content-Security-Policy would stop), its own session cookie for
# the pending requests (SameSite=None: the IdP's answer is a cross-site POST).
SAML_CONFIG_LOADER = "brobygger.accounts.sso.saml_config.sp_config_loader"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_SESSION_COOKIE_NAME = "brobygger_saml"
SAML_IGNORE_LOGOUT_ERRORS = False
SAML_LOGOUT_REQUEST_PREFERRED_BINDING = SAML_DEFAULT_BINDING
