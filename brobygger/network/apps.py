from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "brobygger.network"
    verbose_name = _("Network")

    def ready(self) -> None:
        """Tell core our daily step (each visit's e-mails are stamped one by one)."""
        from brobygger.core.daily import register_step
        from brobygger.network.services import reminders_send

        register_step("network.reminders", reminders_send, atomic=False)
