from django.urls import path

from brobygger.accounts import invitation_views, views

app_name = "accounts"

urlpatterns = [
    path("sikkerhed/", views.security, name="security"),
    path("sikkerhed/noegler/<int:pk>/tilbagekald/", views.token_revoke_view, name="token_revoke"),
    path("inviter/", invitation_views.invitation_list, name="invitations"),
    path(
        "inviter/<int:pk>/send-igen/", invitation_views.invitation_resend, name="invitation_resend"
    ),
    path(
        "inviter/<int:pk>/tilbagekald/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    # one-time links carry their code after '#': these pages ask for it and post it
    path("invitation/", invitation_views.invitation_open, name="invitation_open"),
    path("invitation/accepter/", invitation_views.invitation_accept, name="invitation_accept"),
    path("invitation/<str:token>/", invitation_views.invitation_old_link, name="invitation_old"),
    path("velkommen/", views.welcome_code, name="welcome"),
    path(
        "velkommen/<uidb64>/<token>/",
        views.WelcomeView.as_view(),
        name="welcome_password",
    ),
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
