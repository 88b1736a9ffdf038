from django.apps import AppConfig
from django.db.models.signals import post_migrate

from newsdiff.framing.codebooks import install


class FramingConfig(AppConfig):
    name = "newsdiff.framing"
    verbose_name = "Framing (researchers' tags)"
    # Installed by migrate (post_migrate): an imported archive replaces them with its own rows
    # (newsdiff.lib.archive), so the ids its annotations point at stay right.
    archive_setup_models = ("framing.codebook", "framing.tag")

    def ready(self) -> None:
        # Also after a test database flush, which empties the codebooks (as accounts does roles).
        post_migrate.connect(install, sender=self, dispatch_uid="newsdiff-framing-codebooks")
        from newsdiff.articles.signals import text_trimmed
        from newsdiff.framing.trimmed import shift_spans

        text_trimmed.connect(shift_spans, dispatch_uid="framing.trimmed.shift_spans")
        from newsdiff.framing.tasks import on_events_written
        from newsdiff.matching.signals import events_written

        events_written.connect(on_events_written, dispatch_uid="framing.tasks.warm")
