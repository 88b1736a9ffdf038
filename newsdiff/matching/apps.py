from django.apps import AppConfig
from django.db.models.signals import post_save


class MatchingConfig(AppConfig):
    name = "newsdiff.matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from newsdiff.articles.models import Article, Paragraph
        from newsdiff.matching import signals

        post_save.connect(signals.article_saved, sender=Article, dispatch_uid="analysis-article")
        post_save.connect(signals.paragraph_saved, sender=Paragraph, dispatch_uid="analysis-para")
