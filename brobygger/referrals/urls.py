from django.urls import path

from brobygger.referrals.views import broker, citizen, initiative_contact, staff

app_name = "referrals"
urlpatterns = [
    path("samtaleguide/", staff.guide, name="guide"),
    path("henvis/", staff.refer, name="refer"),
    path("henvisninger/", staff.arena_referrals, name="arena_referrals"),
    path("henvisninger/<uuid:pk>/tilbagekald/", staff.arena_withdraw, name="arena_withdraw"),
    path("henvisninger/<uuid:pk>/kvittering/", staff.receipt_view, name="receipt"),
    path("henvisninger/<uuid:pk>/kvittering.pdf", staff.receipt_pdf, name="receipt_pdf"),
    path(
        "henvisninger/<uuid:pk>/kvittering/send/",
        staff.receipt_send,
        name="receipt_send",
    ),
    path("faellesskab/kontakt/", citizen.contact_me, name="contact"),
    path("faellesskab/tilbagekald/", citizen.withdraw, name="withdraw"),
    # retired: links handed out before the code moved after '#' land on the page that asks
    path("faellesskab/tilbagekald/<str:token>/", citizen.withdraw_legacy, name="withdraw_legacy"),
    path("formidler/", broker.queue, name="queue"),
    path("formidler/i-dag/", broker.today, name="today"),
    path("formidler/sag/<uuid:pk>/", broker.case_detail, name="case"),
    path("formidler/sag/<uuid:pk>/indsigt.json", broker.case_export, name="case_export"),
    path("formidler/sag/<uuid:pk>/<slug:action>/", broker.case_action, name="case_action"),
    path(
        "tilbud/henvisninger/", initiative_contact.initiative_referrals, name="initiative_referrals"
    ),
    path(
        "tilbud/henvisninger/<uuid:pk>/<slug:what>/",
        initiative_contact.referral_confirm,
        name="referral_confirm",
    ),
]
