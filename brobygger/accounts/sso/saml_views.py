"""SAML 2.0 endpoints: djangosaml2's views on our configuration, with the sign-in itself done
by ``session.sign_in`` (the mapping, just-in-time accounts, second factor, history), and
single logout messages used only when the IdP signed them (``saml_logout``)."""

from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views
from djangosaml2.utils import get_location
from saml2.response import StatusError

from brobygger.accounts.sso.configured import saml_configured
from brobygger.accounts.sso.privileges import PrivilegeError, privilege_values
from brobygger.accounts.sso.provisioning import SsoClaims, SsoRefused
from brobygger.accounts.sso.saml_config import level_satisfies
from brobygger.accounts.sso.saml_logout import (
    LogoutRefused,
    logout_request_checked,
    logout_response_checked,
    signature_fields,
)
from brobygger.accounts.sso.session import refused_page, sign_in

logger = logging.getLogger(__name__)
LOADER = "brobygger.accounts.sso.saml_config.sp_config_loader"


def _first(ava: dict, name: str) -> str:
    values = ava.get(name) or []
    return str(values[0]) if values else ""


def saml_claims(session_info: dict) -> SsoClaims:
    """Our view of a checked assertion (pysaml2's ``session_info``)."""
    ava = session_info.get("ava") or {}
    level = ""
    for class_ref, *_rest in session_info.get("authn_info") or []:
        level = class_ref or level
    name_id = session_info["name_id"]
    full_name = _first(ava, settings.SSO_SAML_NAME_ATTRIBUTE)
    first, _space, last = full_name.rpartition(" ") if " " in full_name else (full_name, "", "")
    return SsoClaims(
        protocol="saml",
        issuer=str(session_info["issuer"]),
        subject=str(name_id.text),
        idp_roles=privilege_values(ava.get(settings.SSO_SAML_PRIVILEGE_ATTRIBUTE) or []),
        level=level,
        strong=level_satisfies(level, settings.SSO_SAML_LEVEL),
        email=_first(ava, settings.SSO_SAML_EMAIL_ATTRIBUTE),
        first_name=first,
        last_name=last,
    )


class ConfiguredOnly:
    """Every SAML endpoint answers 404 while SAML is not configured. csrf_exempt as
    djangosaml2's own ``dispatch`` is (the IdP's POSTs carry no CSRF token; ``as_view`` takes
    the mark from the outermost ``dispatch``, this one)."""

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        if not saml_configured():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SamlLoginView(ConfiguredOnly, views.LoginView):
    config_loader_path = LOADER


class SamlAcsView(ConfiguredOnly, views.AssertionConsumerServiceView):
    config_loader_path = LOADER
    refusal: SsoRefused | None = None

    def custom_validation(self, response):
        if settings.SSO_SAML_WANT_ENCRYPTED:
            raw = base64.b64decode(self.request.POST["SAMLResponse"])
            if b"EncryptedAssertion" not in raw or response.response.assertion:
                raise ValueError("the assertion was not encrypted")

    def authenticate_user(self, request, session_info, attribute_mapping, create, info):
        try:
            claims = saml_claims(session_info)
            sign_in(request, claims)
        except PrivilegeError as error:
            logger.warning("SAML sign-in refused: %s", error)
            raise PermissionDenied("privileges") from None
        except SsoRefused as error:
            self.refusal = error
            raise PermissionDenied(error.reason) from None
        views._set_subject_id(request.saml_session, session_info["name_id"])
        return request.user

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        logger.warning("SAML sign-in refused: %s", type(exception).__name__)
        return refused_page(request, self.refusal, status=403)


class SamlLogoutInitView(ConfiguredOnly, views.LogoutInitView):
    """Single logout started here: to the IdP, which ends its session and answers at ``ls``."""

    config_loader_path = LOADER

    def handle_unsupported_slo_exception(self, request, exception, *args, **kwargs):
        logout(request)
        return super().handle_unsupported_slo_exception(request, exception, *args, **kwargs)


def logout_refused_page(request, reason: str, *, status: int = 400):
    return render(
        request,
        "sso/logout_refused.html",
        {"reason": reason, "sso_name": settings.SSO_NAME},
        status=status,
    )


class SamlLogoutView(ConfiguredOnly, views.LogoutView):
    """The IdP's LogoutRequest (single logout started elsewhere) or LogoutResponse (to a logout
    started here), over HTTP-Redirect (GET) or HTTP-POST. Each is checked before anything
    happens (``saml_logout``): a message the IdP did not sign is refused (400), ends no session
    and is logged as a warning with the reason only (no NameID)."""

    config_loader_path = LOADER

    def do_logout_service(self, request, data, binding, *args, **kwargs):
        if "SAMLResponse" in data:
            return self.logout_answered(request, data, binding)
        if "SAMLRequest" in data:
            return self.logout_requested(request, data, binding)
        return super().do_logout_service(request, data, binding, *args, **kwargs)

    def logout_requested(self, request, data, binding):
        """Single logout started at the IdP: end the session, answer with our signed
        LogoutResponse (status UnknownPrincipal if the NameID is not this session's)."""
        state, client = self.get_state_client(request)
        try:
            logout_request_checked(client, data, binding)
        except LogoutRefused as error:
            logger.warning("SAML LogoutRequest refused: %s", error)
            return logout_refused_page(request, "refused")
        http_info = client.handle_logout_request(
            data["SAMLRequest"],
            views._get_subject_id(request.saml_session),
            binding,
            **signature_fields(data),
        )
        state.sync()
        logout(request)
        headers = http_info.get("headers", [])
        if http_info.get("method") == "POST" and ("Content-type", "text/html") in headers:
            return HttpResponse(http_info["data"])  # the IdP takes only POST: pysaml2's form
        return HttpResponseRedirect(get_location(http_info))

    def logout_answered(self, request, data, binding):
        """The IdP's answer to the logout this browser started (``SamlLogoutInitView``)."""
        state, client = self.get_state_client(request)
        try:
            response = logout_response_checked(client, state, data, binding)
        except LogoutRefused as error:
            logger.warning("SAML LogoutResponse refused: %s", error)
            return logout_refused_page(request, "refused")
        except StatusError:
            logger.warning("SAML LogoutResponse: the IdP did not end its session")
            return logout_refused_page(request, "failed", status=200)
        state.sync()
        return views.finish_logout(request, response)


class SamlMetadataView(ConfiguredOnly, views.MetadataView):
    config_loader_path = LOADER
