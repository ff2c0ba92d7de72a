from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "brobygger.referrals"
    label = "referrals"
    verbose_name = "Arenas and referrals"

    def ready(self) -> None:
        """Tell accounts (below us) what frontline staff and referral contacts are, and core
        our daily steps."""
        from brobygger.accounts import memberships
        from brobygger.accounts.roles import ROLE_STAFF
        from brobygger.referrals.models import Arena, ArenaMembership
        from brobygger.referrals.rules import is_referral_contact

        memberships.membership_role_register(
            memberships.MembershipRole(
                role=ROLE_STAFF,
                option="--arena",
                find=lambda name: Arena.objects.filter(name=name).first(),
                count=lambda name: Arena.objects.filter(name=name).count(),
                grant=lambda user, arena: ArenaMembership.objects.get_or_create(
                    user=user, arena=arena
                )[1],
            )
        )
        memberships.role_predicate_register("referral_contact", is_referral_contact)

        from brobygger.core.daily import register_step
        from brobygger.referrals import services

        # each reminder, each case is its own transaction: none around the whole step
        register_step("referrals.reminders", services.reminders_send, atomic=False)
        register_step("referrals.expired_consents", services.expired_consents_end, atomic=False)
        register_step("referrals.anonymise", services.closed_cases_anonymise, atomic=False)
