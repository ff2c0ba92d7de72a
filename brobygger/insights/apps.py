from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "brobygger.insights"
    label = "insights"
    verbose_name = "Insight (survey results)"
