"""Single sign-on (mounted at /konto/sso/ by ``config/urls.py``).

The SAML endpoints keep djangosaml2's URL names (``saml2_acs``...) outside our namespace: the
library reverses them by those names."""

from django.urls import path

from brobygger.accounts.sso import oidc_views, saml_views

app_name = "sso"

urlpatterns = [
    path("oidc/log-ind/", oidc_views.oidc_login, name="oidc_login"),
    path("oidc/svar/", oidc_views.oidc_callback, name="oidc_callback"),
]

saml_urlpatterns = [
    path("saml/log-ind/", saml_views.SamlLoginView.as_view(), name="saml2_login"),
    path("saml/acs/", saml_views.SamlAcsView.as_view(), name="saml2_acs"),
    path("saml/log-ud/", saml_views.SamlLogoutInitView.as_view(), name="saml2_logout"),
    path("saml/sls/", saml_views.SamlLogoutView.as_view(), name="saml2_ls"),
    path("saml/sls/post/", saml_views.SamlLogoutView.as_view(), name="saml2_ls_post"),
    path("saml/metadata/", saml_views.SamlMetadataView.as_view(), name="saml2_metadata"),
]
