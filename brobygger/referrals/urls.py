from django.urls import path

from brobygger.referrals import views, views_receipt, views_work

app_name = "referrals"
urlpatterns = [
    path("samtaleguide/", views.guide, name="guide"),
    path("henvis/", views.refer, name="refer"),
    path("henvisninger/", views.arena_referrals, name="arena_referrals"),
    path("henvisninger/<uuid:pk>/tilbagekald/", views.arena_withdraw, name="arena_withdraw"),
    path("henvisninger/<uuid:pk>/kvittering/", views_receipt.receipt_view, name="receipt"),
    path("henvisninger/<uuid:pk>/kvittering.pdf", views_receipt.receipt_pdf, name="receipt_pdf"),
    path(
        "henvisninger/<uuid:pk>/kvittering/send/",
        views_receipt.receipt_send,
        name="receipt_send",
    ),
    path("faellesskab/kontakt/", views.contact_me, name="contact"),
    path("faellesskab/tilbagekald/", views.withdraw, name="withdraw"),
    # retired: links handed out before the code moved after '#' land on the page that asks
    path("faellesskab/tilbagekald/<str:token>/", views.withdraw_legacy, name="withdraw_legacy"),
    path("formidler/", views.queue, name="queue"),
    path("formidler/i-dag/", views_work.today, name="today"),
    path("formidler/sag/<uuid:pk>/", views.case_detail, name="case"),
    path("formidler/sag/<uuid:pk>/indsigt.json", views.case_export, name="case_export"),
    path("formidler/sag/<uuid:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("tilbud/henvisninger/", views.initiative_referrals, name="initiative_referrals"),
    path(
        "tilbud/henvisninger/<uuid:pk>/<slug:what>/",
        views.referral_confirm,
        name="referral_confirm",
    ),
]
