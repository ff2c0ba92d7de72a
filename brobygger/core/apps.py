from django.apps import AppConfig
from django.core import checks

from brobygger.core.checks import broker_phone_check, console_messages_check


class CoreConfig(AppConfig):
    name = "brobygger.core"
    label = "core"
    verbose_name = "Brobygger core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(console_messages_check, checks.Tags.security, deploy=True)
        checks.register(broker_phone_check, "brobygger", deploy=True)
