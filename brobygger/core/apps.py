from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "brobygger.core"
    label = "core"
    verbose_name = "Brobygger core"
    default_auto_field = "django.db.models.BigAutoField"
