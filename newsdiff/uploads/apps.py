from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "newsdiff.uploads"
    verbose_name = "Uploads"
