from django.urls import path

from brobygger.directory import views

app_name = "directory"
urlpatterns = [
    path("tilbud/", views.search, name="search"),
    path("tilbud/vejviser/", views.pocket_guide, name="pocket_guide"),
    path("tilbud/liste/", views.personal_list, name="personal_list"),
    path("tilbud/<uuid:pk>/", views.detail, name="detail"),
    path("tilbud/<uuid:pk>/rediger/", views.edit, name="edit"),
    path("tilbud/<uuid:pk>/bekraeft/", views.confirm, name="confirm"),
    path("tilbud/<uuid:pk>/historik/", views.history, name="history"),
    path("oversigt/", views.overview, name="overview"),
    path("foreslaa/", views.suggest, name="suggest"),
    path("mine-tilbud/", views.mine, name="mine"),
    path("administration/forslag/", views.moderation, name="moderation"),
    path("administration/til-gennemsyn/", views.stale, name="stale"),
]
