from django.urls import path

from brobygger.network.views import member, moderator

app_name = "network"
urlpatterns = [
    path("", member.index, name="index"),
    path("besoeg/tilbyd/", member.slot_offer, name="slot_offer"),
    path("besoeg/<uuid:slot_id>/", member.slot_detail, name="slot_detail"),
    path("besoeg/<uuid:slot_id>/aflys/", member.slot_cancel, name="slot_cancel"),
    path("booking/<uuid:booking_id>/bekraeft/", member.booking_confirm, name="booking_confirm"),
    path("booking/<uuid:booking_id>/aflys/", member.booking_cancel, name="booking_cancel"),
    path("booking/<uuid:booking_id>/noter/", member.booking_notes, name="booking_notes"),
    path("billede/", member.picture, name="picture"),
    path("kurser/", member.courses, name="courses"),
    path("kurser/kalender.ics", member.courses_ics, name="courses_ics"),
    path("kurser/ny/", member.course_add, name="course_add"),
    path("kurser/moderering/", moderator.course_moderate, name="course_moderate"),
    path("ideer/", member.ideas, name="ideas"),
    path("ideer/<uuid:idea_id>/stoet/", member.idea_support, name="idea_support"),
    path("ideer/<uuid:idea_id>/deltag/", member.idea_offer, name="idea_offer"),
    path("ideer/<uuid:idea_id>/status/", moderator.idea_state, name="idea_state"),
]
