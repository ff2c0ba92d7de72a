"""Who signs in through which identity provider (read only: the IdP is the source)."""

from django.contrib import admin

from brobygger.accounts.sso.models import SsoIdentity


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "protocol", "issuer", "last_sign_in_at")
    list_filter = ("protocol",)
    search_fields = ("user__username", "user__email")
    readonly_fields = ("user", "protocol", "issuer", "subject", "created_at", "last_sign_in_at")

    def has_add_permission(self, request):
        return False
