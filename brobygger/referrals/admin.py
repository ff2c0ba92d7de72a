from django.contrib import admin

from brobygger.referrals.models import Arena, ArenaMembership


class ArenaMembershipInline(admin.TabularInline):
    model = ArenaMembership
    extra = 1


@admin.register(Arena)
class ArenaAdmin(admin.ModelAdmin):
    inlines = [ArenaMembershipInline]
    search_fields = ["name"]
