"""``{% sso_sign_in_options as options %}``: the sign-in page's "Log ind med <municipality>"."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from brobygger.accounts.sso.configured import oidc_configured, saml_configured

register = template.Library()


@register.simple_tag
def sso_sign_in_options(next_url: str = "") -> list[str]:
    """The URLs that start a single sign-on (SAML first), each with the page's ``next``."""
    query = "?" + urlencode({"next": next_url}) if next_url else ""
    urls = []
    if saml_configured():
        urls.append(reverse("saml2_login") + query)
    if oidc_configured():
        urls.append(reverse("sso:oidc_login") + query)
    return urls


@register.simple_tag
def sso_name() -> str:
    return settings.SSO_NAME or _("your organisation")
