from django.contrib import admin

from newsdiff.matching.models import Alignment, Event, EventParagraph, EventRedirect


class EventParagraphInline(admin.TabularInline[EventParagraph, Event]):
    model = EventParagraph
    raw_id_fields = ["paragraph", "article"]
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["label", "period_label", "period_start", "updated"]
    search_fields = ["label", "key_terms"]
    date_hierarchy = "period_start"
    inlines = [EventParagraphInline]


@admin.register(Alignment)
class AlignmentAdmin(admin.ModelAdmin[Alignment]):
    list_display = ["paragraph_a", "paragraph_b", "event", "score"]
    raw_id_fields = ["paragraph_a", "paragraph_b", "event"]


@admin.register(EventRedirect)
class EventRedirectAdmin(admin.ModelAdmin[EventRedirect]):
    """Old event ids and where they lead (an admin may point one elsewhere)."""

    list_display = ["old_id", "old_label", "target", "created"]
    search_fields = ["old_label"]
    raw_id_fields = ["target"]
