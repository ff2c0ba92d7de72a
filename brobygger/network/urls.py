from django.urls import path

from brobygger.network import views

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
    path("besoeg/tilbyd/", views.slot_offer, name="slot_offer"),
    path("besoeg/<uuid:slot_id>/", views.slot_detail, name="slot_detail"),
    path("besoeg/<uuid:slot_id>/aflys/", views.slot_cancel, name="slot_cancel"),
    path("booking/<uuid:booking_id>/bekraeft/", views.booking_confirm, name="booking_confirm"),
    path("booking/<uuid:booking_id>/aflys/", views.booking_cancel, name="booking_cancel"),
    path("booking/<uuid:booking_id>/noter/", views.booking_notes, name="booking_notes"),
    path("billede/", views.picture, name="picture"),
    path("kurser/", views.courses, name="courses"),
    path("kurser/kalender.ics", views.courses_ics, name="courses_ics"),
    path("kurser/ny/", views.course_add, name="course_add"),
    path("kurser/moderering/", views.course_moderate, name="course_moderate"),
    path("ideer/", views.ideas, name="ideas"),
    path("ideer/<uuid:idea_id>/stoet/", views.idea_support, name="idea_support"),
    path("ideer/<uuid:idea_id>/deltag/", views.idea_offer, name="idea_offer"),
    path("ideer/<uuid:idea_id>/status/", views.idea_state, name="idea_state"),
]
