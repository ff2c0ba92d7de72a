from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "brobygger.directory"
    label = "directory"
    verbose_name = "Directory of initiatives"
