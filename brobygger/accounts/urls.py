from django.urls import path

from brobygger.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sikkerhed/", views.security, name="security"),
    path("sikkerhed/noegler/<int:pk>/tilbagekald/", views.token_revoke_view, name="token_revoke"),
    path("to-trin/opsaet/", views.second_factor_setup, name="second_factor_setup"),
    path("to-trin/bekraeft/", views.second_factor_verify, name="second_factor_verify"),
    path("glemt-adgangskode/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glemt-adgangskode/sendt/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nulstil/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/faerdig/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
