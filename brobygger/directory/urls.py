from django.urls import path

from brobygger.directory.views import editor, moderator, public

app_name = "directory"
urlpatterns = [
    path("tilbud/", public.search, name="search"),
    path("tilbud/vejviser/", public.pocket_guide, name="pocket_guide"),
    path("tilbud/liste/", public.personal_list, name="personal_list"),
    path("tilbud/liste/vaelg/", public.list_change, name="list_change"),
    path("tilbud/nyt/", editor.create, name="create"),
    path("tilbud/<uuid:pk>/", public.detail, name="detail"),
    path("tilbud/<uuid:pk>/rediger/", editor.edit, name="edit"),
    path("tilbud/<uuid:pk>/bekraeft/", editor.confirm, name="confirm"),
    path("tilbud/<uuid:pk>/historik/", editor.history, name="history"),
    path("oversigt/", public.overview, name="overview"),
    path("foreslaa/", public.suggest, name="suggest"),
    path("mine-tilbud/", editor.mine, name="mine"),
    path("administration/forslag/", moderator.moderation, name="moderation"),
    path("administration/til-gennemsyn/", editor.stale, name="stale"),
    path("administration/kladder/", moderator.drafts, name="drafts"),
    path("administration/synonymer/", moderator.synonyms, name="synonyms"),
    path("administration/synonymer/<int:pk>/", moderator.synonym_edit, name="synonym_edit"),
    path(
        "administration/synonymer/<int:pk>/slet/",
        moderator.synonym_delete,
        name="synonym_delete",
    ),
]
