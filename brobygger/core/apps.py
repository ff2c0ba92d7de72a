from django.apps import AppConfig
from django.core import checks

from brobygger.core.checks import console_messages_check


class CoreConfig(AppConfig):
    name = "brobygger.core"
    label = "core"
    verbose_name = "Brobygger core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(console_messages_check, checks.Tags.security, deploy=True)
