from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "newsdiff.web"
    verbose_name = "Web"
