from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from brobygger.accounts.sso.urls import saml_urlpatterns
from brobygger.config.api import api
from brobygger.web.health import healthz
from brobygger.web.views import public as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("tilgaengelighed/", web_views.accessibility, name="accessibility"),
    path("", include("brobygger.directory.urls")),
    path("hsds/", include("brobygger.directory.hsds.urls")),
    path("", include("brobygger.insights.urls")),
    path("", include("brobygger.referrals.urls")),
    path("aktiviteter/", include("brobygger.activities.urls")),
    path("netvaerk/", include("brobygger.network.urls")),
    path("api/v1/", api.urls),
    path("konto/log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/videre/", web_views.after_sign_in, name="after_sign_in"),
    path("konto/sso/", include("brobygger.accounts.sso.urls")),  # single sign-on (staff)
    path("konto/sso/", include(saml_urlpatterns)),  # SAML: djangosaml2's own URL names
    path("konto/", include("brobygger.accounts.urls")),  # security page, two-step, reset
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("administration/", include("brobygger.web.administration.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),  # a monitor's look: no sign-in, no cache
]


def _superusers_only(request) -> bool:
    """Django's admin site is for superusers; administrators work in /administration/."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superusers_only
