"""The administrator links volunteers to the initiatives they help at, and keeps the course
register and the idea catalogue. Visit notes are not here: only the two sides of a visit read
them."""

from django.contrib import admin

from brobygger.core.demo import AllRowsAdminMixin
from brobygger.network.models import Course, Idea, Volunteering


@admin.register(Volunteering)
class VolunteeringAdmin(admin.ModelAdmin):
    list_display = ("user", "initiative")
    raw_id_fields = ("user", "initiative")


@admin.register(Course)
class CourseAdmin(AllRowsAdminMixin, admin.ModelAdmin):
    list_display = ("title", "organiser", "starts_on", "state", "is_demo")
    list_filter = ("state", "online")
    search_fields = ("title", "organiser")


@admin.register(Idea)
class IdeaAdmin(AllRowsAdminMixin, admin.ModelAdmin):
    list_display = ("title", "state", "is_demo")
    list_filter = ("state",)
    search_fields = ("title", "description")
