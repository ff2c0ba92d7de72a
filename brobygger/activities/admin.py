from django.contrib import admin

from brobygger.activities.models import Activity, Series, VolunteerAvailability


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "state", "capacity", "is_demo"]
    list_filter = ["state", "is_demo"]
    search_fields = ["title"]
    exclude = ["target_groups"]


admin.site.register(Series)
admin.site.register(VolunteerAvailability)
