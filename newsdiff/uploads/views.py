from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from newsdiff.accounts.decorators import admin_required
from newsdiff.articles.models import Outlet
from newsdiff.lib.htmx import HtmxHttpRequest, render_page
from newsdiff.uploads.forms import FixForm, PasteForm, UploadForm
from newsdiff.uploads.ingest import correct
from newsdiff.uploads.intake import create_batch
from newsdiff.uploads.models import Batch, BatchItem
from newsdiff.uploads.tasks import requeue

RECENT_BATCHES = 10  # listed under the upload forms


def _upload_page(
    request: HttpRequest, files: UploadForm, paste: PasteForm, status: int = 200, error: str = ""
) -> HttpResponse:
    recent = Batch.objects.select_related("created_by")[:RECENT_BATCHES]
    context = {
        "files_form": files,
        "paste_form": paste,
        "batches": recent,
        "max_files": settings.NEWSDIFF_MAX_FILES,
        "max_file_bytes": settings.NEWSDIFF_MAX_FILE_BYTES,
        "max_zip_bytes": settings.NEWSDIFF_MAX_ZIP_BYTES,
        "upload_error": error,
    }
    return render(request, "uploads/upload.html", context, status=status)


@require_GET
@admin_required
def upload(request: HttpRequest) -> HttpResponse:
    return _upload_page(request, UploadForm(), PasteForm())


@require_POST
@admin_required
def upload_files(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if error := getattr(request, "upload_error", ""):  # set by the upload handler
        return _upload_page(request, UploadForm(), PasteForm(), status=507, error=error)
    if not form.is_valid():
        return _upload_page(request, form, PasteForm(), status=400)
    batch = create_batch(request.user, form.label(), form.incoming())
    return redirect(batch)


@require_POST
@admin_required
def upload_paste(request: HttpRequest) -> HttpResponse:
    form = PasteForm(request.POST)
    if not form.is_valid():
        return _upload_page(request, UploadForm(), form, status=400)
    batch = create_batch(request.user, form.cleaned_data["title"], form.incoming())
    return redirect(batch)


def _batch_page(
    request: HtmxHttpRequest,
    batch: Batch,
    status: int = 200,
    fix: tuple[int, FixForm] | None = None,
) -> HttpResponse:
    """The batch's progress; ``fix``: an item whose correction was refused (its form shows why)."""
    items = batch.items_with_events()
    context = {"batch": batch, "items": items, "progress": batch.progress(items)}
    if fix is not None:
        context |= {"fix_item": fix[0], "fix": fix[1]}
    if any(item.article and item.article.needs_metadata for item in items):
        context["outlets"] = Outlet.objects.values_list("name", flat=True)
    return render_page(request, "uploads/batch.html", "progress", context, status)


@require_GET
@admin_required
def batch(request: HtmxHttpRequest, batch_id: int) -> HttpResponse:
    return _batch_page(request, get_object_or_404(Batch, pk=batch_id))


@require_POST
@admin_required
def item_retry(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(BatchItem.objects.select_related("batch"), pk=item_id)
    # Only a failed or stalled file can be retried; anything else is already being handled.
    status = 200 if requeue(item) else 409
    return _after_action(request, item.batch, status)


@require_POST
@admin_required
def item_delete(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(BatchItem.objects.select_related("batch"), pk=item_id)
    deleted, _ = BatchItem.objects.deletable().filter(pk=item.pk).delete()
    return _after_action(request, item.batch, 200 if deleted else 409)


@require_POST
@admin_required
def item_fix(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    """Set the outlet and/or date of an uploaded article, then match it again."""
    item = get_object_or_404(BatchItem.objects.select_related("batch", "article"), pk=item_id)
    if item.article is None:
        return _after_action(request, item.batch, 409)
    form = FixForm(request.POST, prefix=f"fix-{item.pk}")
    if not form.is_valid():  # htmx swaps only 2xx answers, so the errors come back as 200 there
        return _batch_page(request, item.batch, 200 if request.htmx else 400, (item.pk, form))
    data = form.cleaned_data
    correct(item.article, data["outlet"], data["published"], request.user.get_username())
    return _after_action(request, item.batch, 200)


def _after_action(request: HtmxHttpRequest, batch: Batch, status: int) -> HttpResponse:
    if request.htmx:  # swap in the current state either way: htmx ignores 4xx answers
        return _batch_page(request, batch)
    return redirect(batch) if status == 200 else _batch_page(request, batch, status)
