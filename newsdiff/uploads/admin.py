from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from newsdiff.uploads.models import Batch, BatchItem
from newsdiff.uploads.tasks import requeue

ITEM_FIELDS = ("name", "kind", "state", "error", "article", "duplicate", "size", "attempts")


class BatchItemInline(admin.TabularInline[BatchItem, Batch]):
    model = BatchItem
    fields = ITEM_FIELDS
    readonly_fields = ITEM_FIELDS
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin[Batch]):
    list_display = ["id", "label", "created_by", "created"]
    list_filter = ["created", "created_by"]
    search_fields = ["label", "items__name"]
    date_hierarchy = "created"
    readonly_fields = ["created_by", "created"]
    inlines = [BatchItemInline]


@admin.register(BatchItem)
class BatchItemAdmin(admin.ModelAdmin[BatchItem]):
    list_display = ["name", "batch", "kind", "state", "article", "attempts", "worker", "heartbeat"]
    list_filter = ["state", "kind", "duplicate", "transient", "batch__created"]
    search_fields = ["name", "error", "article__title"]
    list_select_related = ["batch", "article"]
    raw_id_fields = ["batch", "article"]
    # The stored bytes are the record of what was uploaded: never edited here.
    exclude = ["original"]
    readonly_fields = ["size", "attempts", "worker", "heartbeat", "updated"]
    actions = ["retry"]

    # As on the batch page: only a file whose failure was not its own (an internal error) or
    # whose worker stalled can succeed on a retry; the others are skipped.
    @admin.action(description="Retry the selected stalled files, or failed by an internal error")
    def retry(self, request: HttpRequest, queryset: QuerySet[BatchItem]) -> None:
        count = sum(requeue(item) for item in queryset)
        self.message_user(request, f"{count} file(s) queued again.", messages.SUCCESS)
