from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "brobygger.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        """Tell core our daily steps (``activities.daily``)."""
        from brobygger.activities.daily import daily_steps_register

        daily_steps_register()
