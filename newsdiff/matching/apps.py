from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete


class MatchingConfig(AppConfig):
    name = "newsdiff.matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from newsdiff.articles.models import Article, Paragraph
        from newsdiff.matching.store import signals

        post_save.connect(signals.article_saved, sender=Article, dispatch_uid="analysis-article")
        pre_delete.connect(signals.article_deleted, sender=Article, dispatch_uid="edges-article")
        post_save.connect(signals.paragraph_saved, sender=Paragraph, dispatch_uid="analysis-para")
        pre_delete.connect(signals.paragraph_deleted, sender=Paragraph, dispatch_uid="edges-para")
