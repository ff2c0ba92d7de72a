from django.urls import path

from brobygger.directory import editor_views, synonym_views, views

app_name = "directory"
urlpatterns = [
    path("tilbud/", views.search, name="search"),
    path("tilbud/vejviser/", views.pocket_guide, name="pocket_guide"),
    path("tilbud/liste/", views.personal_list, name="personal_list"),
    path("tilbud/liste/vaelg/", views.list_change, name="list_change"),
    path("tilbud/nyt/", editor_views.create, name="create"),
    path("tilbud/<uuid:pk>/", views.detail, name="detail"),
    path("tilbud/<uuid:pk>/rediger/", views.edit, name="edit"),
    path("tilbud/<uuid:pk>/bekraeft/", views.confirm, name="confirm"),
    path("tilbud/<uuid:pk>/historik/", views.history, name="history"),
    path("oversigt/", views.overview, name="overview"),
    path("foreslaa/", views.suggest, name="suggest"),
    path("mine-tilbud/", editor_views.mine, name="mine"),
    path("administration/forslag/", views.moderation, name="moderation"),
    path("administration/til-gennemsyn/", editor_views.stale, name="stale"),
    path("administration/kladder/", editor_views.drafts, name="drafts"),
    path("administration/synonymer/", synonym_views.synonyms, name="synonyms"),
    path("administration/synonymer/<int:pk>/", synonym_views.synonym_edit, name="synonym_edit"),
    path(
        "administration/synonymer/<int:pk>/slet/",
        synonym_views.synonym_delete,
        name="synonym_delete",
    ),
]
