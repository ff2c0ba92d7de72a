from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "brobygger.directory"
    label = "directory"
    verbose_name = "Directory of initiatives"

    def ready(self) -> None:
        """Tell accounts (below us) what an organisation editor is, and core our daily step."""
        from brobygger.accounts import memberships
        from brobygger.accounts.roles import ROLE_EDITOR
        from brobygger.directory.models import Organization, OrganizationMembership

        memberships.membership_role_register(
            memberships.MembershipRole(
                role=ROLE_EDITOR,
                option="--organisation",
                find=lambda name: Organization.objects.filter(name=name).first(),
                count=lambda name: Organization.objects.filter(name=name).count(),
                grant=lambda user, organization: OrganizationMembership.objects.get_or_create(
                    user=user, organization=organization
                )[1],
            )
        )
        from brobygger.core.daily import register_step
        from brobygger.directory.notifications import stale_reminders_send

        # e-mails are stamped one by one: no transaction around the whole step
        register_step("directory.stale_reminders", stale_reminders_send, atomic=False)
