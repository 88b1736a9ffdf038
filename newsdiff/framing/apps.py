from django.apps import AppConfig
from django.db.models.signals import post_migrate

from newsdiff.framing.codebooks import install


class FramingConfig(AppConfig):
    name = "newsdiff.framing"
    verbose_name = "Framing (researchers' tags)"

    def ready(self) -> None:
        # Also after a test database flush, which empties the codebooks (as accounts does roles).
        post_migrate.connect(install, sender=self, dispatch_uid="newsdiff-framing-codebooks")
