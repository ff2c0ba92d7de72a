"""The administration, mounted at ``/administration/`` (``config/urls.py``); Danish slugs as the
rest of the site. The directory's moderation pages share the prefix (``forslag/``, ...)."""

from django.urls import path

from brobygger.web.administration import arena_views, organisation_views, views

app_name = "administration"

urlpatterns = [
    path("", views.index, name="index"),
    path("historik/", views.history, name="history"),
    path("brugere/", views.users, name="users"),
    path("brugere/ny/", views.user_add, name="user_add"),
    path("brugere/<int:pk>/", views.user_page, name="user"),
    path("brugere/<int:pk>/deaktiver/", views.user_deactivate, name="user_deactivate"),
    path("brugere/<int:pk>/genaktiver/", views.user_reactivate, name="user_reactivate"),
    path(
        "brugere/<int:pk>/nulstil-to-trin/",
        views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),  # fmt: skip
    path("brugere/<int:pk>/nyt-link/", views.user_link, name="user_link"),
    path("arenaer/", arena_views.arena_list, name="arenas"),
    path("arenaer/<uuid:pk>/", arena_views.arena_detail, name="arena"),
    path("arenaer/<uuid:pk>/personale/", arena_views.arena_staff_add, name="arena_staff_add"),
    path(
        "arenaer/<uuid:pk>/personale/<int:user_pk>/fjern/",
        arena_views.arena_staff_remove,
        name="arena_staff_remove",
    ),  # fmt: skip
    path("organisationer/", organisation_views.organisation_list, name="organisations"),
    path("organisationer/<uuid:pk>/", organisation_views.organisation_detail, name="organisation"),
    path(
        "organisationer/<uuid:pk>/redaktoerer/",
        organisation_views.organisation_editor_add,
        name="organisation_editor_add",
    ),  # fmt: skip
    path(
        "organisationer/<uuid:pk>/redaktoerer/<int:user_pk>/fjern/",
        organisation_views.organisation_editor_remove,
        name="organisation_editor_remove",
    ),  # fmt: skip
    path(
        "organisationer/<uuid:pk>/inviter/",
        organisation_views.organisation_invite,
        name="organisation_invite",
    ),  # fmt: skip
    path(
        "invitationer/<int:pk>/send-igen/",
        organisation_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitationer/<int:pk>/tilbagekald/",
        organisation_views.invitation_revoke,
        name="invitation_revoke",
    ),
]
