from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.models import ApiToken, Invitation, User
from brobygger.accounts.tokens import token_revoke

admin.site.register(User, UserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made on the command line (`brobygger users token`); here they are seen and
    revoked, never created (the secret is shown only once, when made)."""

    list_display = ("name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username")
    readonly_fields = ("user", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """The record of who invited whom to which organisation, and what came of it. Invitations
    are made, sent again and withdrawn on /konto/inviter/ (the link is only in the e-mail)."""

    list_display = ("email", "organisation", "invited_by", "created_at", "accepted_at")
    list_filter = ("accepted_at", "revoked_at")
    search_fields = ("email", "organisation__name")
    readonly_fields = (
        "email", "name", "organisation", "invited_by", "created_at", "sent_at", "expires_at",
        "accepted_at", "accepted_by", "revoked_at", "revoked_by",
    )  # fmt: skip
    exclude = ("digest",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
