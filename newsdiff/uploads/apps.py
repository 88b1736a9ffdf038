from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "newsdiff.uploads"
    verbose_name = "Uploads"

    def ready(self) -> None:
        from newsdiff.articles.signals import article_edited
        from newsdiff.uploads.ingest import edited

        article_edited.connect(edited, dispatch_uid="uploads.ingest.edited")
