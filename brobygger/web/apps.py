from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "brobygger.web"
    label = "web"
    verbose_name = "Web shell"
