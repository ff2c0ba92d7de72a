"""Single sign-on (mounted at /konto/sso/ by ``config/urls.py``).

The SAML endpoints keep djangosaml2's URL names (``saml2_acs``...) outside our namespace: the
library reverses them by those names. Their views are imported at the first SAML request:
pysaml2 takes about a second to import, and most processes (the worker, the commands, the
deployment checks) never serve SAML."""

from functools import cache

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from brobygger.accounts.sso import oidc_views

app_name = "sso"

urlpatterns = [
    path("oidc/log-ind/", oidc_views.oidc_login, name="oidc_login"),
    path("oidc/svar/", oidc_views.oidc_callback, name="oidc_callback"),
]


@cache
def _saml_view_of(name: str):
    from brobygger.accounts.sso import saml_views

    return getattr(saml_views, name).as_view()


def _saml(name: str):
    """``saml_views.<name>``, imported when it is first asked for."""

    @csrf_exempt  # as every SAML view is (saml_views.ConfiguredOnly): the IdP's POSTs have none
    def view(request, *args, **kwargs):
        return _saml_view_of(name)(request, *args, **kwargs)

    return view


saml_urlpatterns = [
    path("saml/log-ind/", _saml("SamlLoginView"), name="saml2_login"),
    path("saml/acs/", _saml("SamlAcsView"), name="saml2_acs"),
    path("saml/log-ud/", _saml("SamlLogoutInitView"), name="saml2_logout"),
    path("saml/sls/", _saml("SamlLogoutView"), name="saml2_ls"),
    path("saml/sls/post/", _saml("SamlLogoutView"), name="saml2_ls_post"),
    path("saml/metadata/", _saml("SamlMetadataView"), name="saml2_metadata"),
]
