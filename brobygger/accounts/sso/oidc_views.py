"""OpenID Connect sign-in: to the provider, and back (``urls.py``)."""

from __future__ import annotations

import logging

from authlib.common.errors import AuthlibBaseError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET
from requests import RequestException

from brobygger.accounts.sso import oidc
from brobygger.accounts.sso.configured import oidc_configured
from brobygger.accounts.sso.provisioning import SsoRefused
from brobygger.accounts.sso.session import refused_page, safe_next, sign_in

logger = logging.getLogger(__name__)
NEXT_KEY = "sso_next"


@require_GET
def oidc_login(request):
    if not oidc_configured():
        raise Http404
    next_url = safe_next(request, request.GET.get("next"))
    if next_url:
        request.session[NEXT_KEY] = next_url
    callback = request.build_absolute_uri(reverse("sso:oidc_callback"))
    return oidc.oidc_client().authorize_redirect(request, callback)


@require_GET
def oidc_callback(request):
    if not oidc_configured():
        raise Http404
    try:
        claims = oidc.oidc_claims(oidc.oidc_token_claims(request))
    except (AuthlibBaseError, ValueError, KeyError, RequestException) as error:
        # no personal data: the error's class and code only
        logger.warning("OpenID Connect sign-in refused: %s", type(error).__name__)
        return refused_page(request, None)
    next_url = request.session.pop(NEXT_KEY, None)
    try:
        sign_in(request, claims)
    except SsoRefused as error:
        return refused_page(request, error)
    return redirect(next_url or "after_sign_in")
