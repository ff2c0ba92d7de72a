from django.urls import path

from brobygger.accounts.views import invitee, inviter, member

app_name = "accounts"

urlpatterns = [
    path("sikkerhed/", member.security, name="security"),
    path("sikkerhed/noegler/<int:pk>/tilbagekald/", member.token_revoke_view, name="token_revoke"),
    path("inviter/", inviter.invitation_list, name="invitations"),
    path("inviter/<int:pk>/send-igen/", inviter.invitation_resend, name="invitation_resend"),
    path(
        "inviter/<int:pk>/tilbagekald/",
        inviter.invitation_revoke,
        name="invitation_revoke",
    ),
    # one-time links carry their code after '#': these pages ask for it and post it
    path("invitation/", invitee.invitation_open, name="invitation_open"),
    path("invitation/accepter/", invitee.invitation_accept, name="invitation_accept"),
    path("invitation/<str:token>/", invitee.invitation_old_link, name="invitation_old"),
    path("velkommen/", member.welcome_code, name="welcome"),
    path(
        "velkommen/<uidb64>/<token>/",
        member.WelcomeView.as_view(),
        name="welcome_password",
    ),
    path("to-trin/opsaet/", member.second_factor_setup, name="second_factor_setup"),
    path("to-trin/bekraeft/", member.second_factor_verify, name="second_factor_verify"),
    path("glemt-adgangskode/", member.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glemt-adgangskode/sendt/",
        member.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nulstil/<uidb64>/<token>/",
        member.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/faerdig/",
        member.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
