from django.contrib import admin

from brobygger.activities.models import Activity, Series, VolunteerAvailability
from brobygger.core.demo import AllRowsAdminMixin


@admin.register(Activity)
class ActivityAdmin(AllRowsAdminMixin, admin.ModelAdmin):
    list_display = ["title", "starts_at", "state", "capacity", "is_demo"]
    list_filter = ["state", "is_demo"]
    search_fields = ["title"]
    exclude = ["target_groups"]


admin.site.register(Series)
admin.site.register(VolunteerAvailability)
