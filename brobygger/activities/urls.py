from django.urls import path

from brobygger.activities.views import broker, citizen, host, moderator, volunteer

app_name = "activities"
urlpatterns = [
    path("", citizen.index, name="index"),
    path("kalender/", citizen.calendar_view, name="calendar"),
    path("kalender.ics", citizen.calendar_ics, name="ics"),
    path("afmeld/", citizen.cancel, name="cancel"),
    path("ny/", host.create, name="create"),
    path("mine/", host.mine, name="mine"),
    path("godkendelse/", moderator.moderation, name="moderation"),
    path("foelgevenner/", broker.company, name="company"),
    path("frivillig/", volunteer.availability, name="availability"),
    path("konto/", host.account, name="account"),
    path("konto/bekraeft/", host.account_confirm, name="account_confirm"),
    path(
        "konto/bekraeft/<uidb64>/<token>/",
        host.account_confirm_old_link,
        name="account_confirm_old",
    ),  # fmt: skip
    path("naer-dig.pdf", citizen.nearby_pdf, name="nearby_pdf"),
    path("sag/<uuid:pk>/", broker.for_case, name="for_case"),
    path("<uuid:pk>/", citizen.detail, name="detail"),
    path("<uuid:pk>/tilmeld/", citizen.sign_up, name="sign_up"),
    path("<uuid:pk>/tilmeld-sag/", broker.sign_up_case, name="sign_up_case"),
    path("<uuid:pk>/deltagere/", host.participants, name="participants"),
    path("<uuid:pk>/deltagere/<uuid:signup_pk>/", host.attendance, name="attendance"),
    path("<uuid:pk>/aflys/", host.cancel_activity, name="cancel_activity"),
]
