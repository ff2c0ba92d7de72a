"""Single sign-on (mounted at /konto/sso/ by ``config/urls.py``)."""

from django.urls import path

from brobygger.accounts.sso import oidc_views

app_name = "sso"

urlpatterns = [
    path("oidc/log-ind/", oidc_views.oidc_login, name="oidc_login"),
    path("oidc/svar/", oidc_views.oidc_callback, name="oidc_callback"),
]
