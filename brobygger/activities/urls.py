from django.urls import path

from brobygger.activities import account_views, manage_views, views
from brobygger.activities.views_case import for_case

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("kalender.ics", views.calendar_ics, name="ics"),
    path("afmeld/", views.cancel, name="cancel"),
    path("ny/", manage_views.create, name="create"),
    path("mine/", manage_views.mine, name="mine"),
    path("godkendelse/", manage_views.moderation, name="moderation"),
    path("foelgevenner/", manage_views.company, name="company"),
    path("frivillig/", manage_views.availability, name="availability"),
    path("konto/", account_views.account, name="account"),
    path("konto/bekraeft/", account_views.account_confirm, name="account_confirm"),
    path(
        "konto/bekraeft/<uidb64>/<token>/",
        account_views.account_confirm_old_link,
        name="account_confirm_old",
    ),  # fmt: skip
    path("naer-dig.pdf", views.nearby_pdf, name="nearby_pdf"),
    path("sag/<uuid:pk>/", for_case, name="for_case"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/tilmeld/", views.sign_up, name="sign_up"),
    path("<uuid:pk>/tilmeld-sag/", manage_views.sign_up_case, name="sign_up_case"),
    path("<uuid:pk>/deltagere/", manage_views.participants, name="participants"),
    path("<uuid:pk>/deltagere/<uuid:signup_pk>/", manage_views.attendance, name="attendance"),
    path("<uuid:pk>/aflys/", manage_views.cancel_activity, name="cancel_activity"),
]
