from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "newsdiff.articles"
    verbose_name = "Articles"
