from django.apps import AppConfig
from django.core import checks

from brobygger.core.checks import (
    broker_phone_check,
    console_messages_check,
    proxy_count_check,
    secret_key_check,
    site_url_check,
    sms_gateway_check,
    sqlite_check,
)


class CoreConfig(AppConfig):
    name = "brobygger.core"
    label = "core"
    verbose_name = "Brobygger core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(console_messages_check, checks.Tags.security, deploy=True)
        for check in (
            broker_phone_check,
            site_url_check,
            secret_key_check,
            sqlite_check,
            proxy_count_check,
            sms_gateway_check,
        ):
            checks.register(check, "brobygger", deploy=True)
