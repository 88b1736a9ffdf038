from django.apps import AppConfig


class FramingConfig(AppConfig):
    name = "newsdiff.framing"
    verbose_name = "Framing (researchers' tags)"
