from django.contrib import admin

from brobygger.directory.models import (
    Initiative,
    InitiativeRevision,
    Organization,
    OrganizationMembership,
    Suggestion,
    Synonym,
    Taxonomy,
    TaxonomyTerm,
)


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "last_reviewed"]
    list_filter = ["status", "initiative_type"]
    search_fields = ["name", "organization__name"]
    readonly_fields = ["search_document"]


@admin.register(InitiativeRevision)
class InitiativeRevisionAdmin(admin.ModelAdmin):
    list_display = ["initiative", "user", "at", "action"]
    readonly_fields = ["initiative", "user", "at", "action", "changes"]


admin.site.register(Suggestion)
admin.site.register(Taxonomy)
admin.site.register(TaxonomyTerm)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Synonym groups; checked and normalised by ``Synonym.clean`` (search.synonym_words)."""

    list_display = ["words", "updated_at"]
    search_fields = ["words"]
