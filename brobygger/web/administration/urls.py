"""The administration, mounted at ``/administration/`` (``config/urls.py``); Danish slugs as the
rest of the site. The directory's moderation pages share the prefix (``forslag/``, ...)."""

from django.urls import path

from brobygger.web.administration.views import arenas, organisations, users

app_name = "administration"

urlpatterns = [
    path("", users.index, name="index"),
    path("historik/", users.history, name="history"),
    path("brugere/", users.users, name="users"),
    path("brugere/ny/", users.user_add, name="user_add"),
    path("brugere/<int:pk>/", users.user_page, name="user"),
    path("brugere/<int:pk>/deaktiver/", users.user_deactivate, name="user_deactivate"),
    path("brugere/<int:pk>/genaktiver/", users.user_reactivate, name="user_reactivate"),
    path(
        "brugere/<int:pk>/nulstil-to-trin/",
        users.user_second_factor_reset,
        name="user_second_factor_reset",
    ),  # fmt: skip
    path("brugere/<int:pk>/nyt-link/", users.user_link, name="user_link"),
    path("arenaer/", arenas.arena_list, name="arenas"),
    path("arenaer/<uuid:pk>/", arenas.arena_detail, name="arena"),
    path("arenaer/<uuid:pk>/personale/", arenas.arena_staff_add, name="arena_staff_add"),
    path(
        "arenaer/<uuid:pk>/personale/<int:user_pk>/fjern/",
        arenas.arena_staff_remove,
        name="arena_staff_remove",
    ),  # fmt: skip
    path("organisationer/", organisations.organisation_list, name="organisations"),
    path("organisationer/<uuid:pk>/", organisations.organisation_detail, name="organisation"),
    path(
        "organisationer/<uuid:pk>/redaktoerer/",
        organisations.organisation_editor_add,
        name="organisation_editor_add",
    ),  # fmt: skip
    path(
        "organisationer/<uuid:pk>/redaktoerer/<int:user_pk>/fjern/",
        organisations.organisation_editor_remove,
        name="organisation_editor_remove",
    ),  # fmt: skip
    path(
        "organisationer/<uuid:pk>/inviter/",
        organisations.organisation_invite,
        name="organisation_invite",
    ),  # fmt: skip
    path(
        "invitationer/<int:pk>/send-igen/",
        organisations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitationer/<int:pk>/tilbagekald/",
        organisations.invitation_revoke,
        name="invitation_revoke",
    ),
]
