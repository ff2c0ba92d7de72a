from django.contrib import admin

from brobygger.referrals.models import Arena, ArenaMembership


class ArenaMembershipInline(admin.TabularInline):
    model = ArenaMembership
    extra = 1


@admin.register(Arena)
class ArenaAdmin(admin.ModelAdmin):
    """Arenas and their staff. Citizens and cases are deliberately not in the admin: personal
    data is reached only through the broker's pages, where every view is logged."""

    inlines = [ArenaMembershipInline]
    list_display = ["name", "tools_introduced_on"]
    search_fields = ["name"]
