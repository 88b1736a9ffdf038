from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "newsdiff.matching"
    verbose_name = "Matching"
