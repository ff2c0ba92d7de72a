from django.apps import AppConfig
from django.core import checks


class SsoConfig(AppConfig):
    name = "brobygger.accounts.sso"
    label = "sso"
    verbose_name = "Single sign-on"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from brobygger.accounts.sso.checks import sso_config_check

        checks.register(sso_config_check, "brobygger", deploy=True)
