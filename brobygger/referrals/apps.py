from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "brobygger.referrals"
    label = "referrals"
    verbose_name = "Arenas and referrals"
