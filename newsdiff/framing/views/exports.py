"""Every tag out: CSV, JSON, long CSV and Label Studio downloads, and the read-only JSON API."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods

from newsdiff.accounts.decorators import researcher_required
from newsdiff.accounts.roles import can_tag
from newsdiff.framing import export, formats, tokens
from newsdiff.framing.blind import blindfold
from newsdiff.framing.filters import ExportForm
from newsdiff.lib.htmx import AuthenticatedHttpRequest, render_page

API_PAGE_SIZE = 100


def _attachment(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv(rows: Iterable[list[Any]], filename: str) -> HttpResponse:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return _attachment(out.getvalue(), "text/csv; charset=utf-8", filename)


def _json(data: Any, filename: str) -> HttpResponse:
    return _attachment(json.dumps(data, ensure_ascii=False, indent=1), "application/json", filename)


@require_GET
@researcher_required
def download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tags the reader may see, as flat CSV, the JSON document, the long CSV or Label
    Studio tasks."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(f"Bad filter: {form.error_text()}", status=400)
    fold = blindfold(request.user)
    rows = list(fold.visible(export.filtered(**form.filters())))
    chosen = form.cleaned_data["format"] or "json"
    if chosen == "long":
        return _csv(formats.long_rows(rows), "newsdiff-tags-long.csv")
    if chosen == "labelstudio":
        return _json(formats.label_studio(rows), "newsdiff-label-studio.json")
    records = export.records(rows, fold)
    if chosen == "csv":
        return _csv(export.csv_rows(records), "newsdiff-tags.csv")
    return _json(formats.document(records, rows, fold), "newsdiff-tags.json")


@require_http_methods(["GET", "POST"])
@researcher_required
def token(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show whether the user has an API key; POST issues a new one, shown once."""
    key = tokens.issue(request.user) if request.method == "POST" else None
    has = hasattr(request.user, "api_token") or key is not None
    context = {"key": key, "has_token": has}
    return render_page(request, "framing/token.html", "token", context)


@require_GET
@login_not_required  # token auth of its own, also when reading needs a login
def annotations_api(request: HttpRequest) -> JsonResponse:
    """GET /api/annotations/?event=&outlet=&codebook=&annotator=&start=&end=&page=&page_size="""
    header = request.headers.get("Authorization", "")
    user = tokens.user_for(header) if header else request.user
    if user is None or not user.is_authenticated:
        return JsonResponse({"error": "Send 'Authorization: Token <key>'."}, status=401)
    if not can_tag(user):
        return JsonResponse({"error": "The API needs the researcher or admin role."}, status=403)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": f"Bad filter: {form.error_text()}"}, status=400)
    fold = blindfold(user)
    paginator = Paginator(
        fold.visible(export.filtered(**form.filters())),
        form.cleaned_data["page_size"] or API_PAGE_SIZE,
    )
    page = paginator.get_page(form.page_number())
    return JsonResponse(
        {
            "count": paginator.count,
            "next": request.build_absolute_uri(form.query_string(page.next_page_number()))
            if page.has_next()
            else None,
            "previous": request.build_absolute_uri(form.query_string(page.previous_page_number()))
            if page.has_previous()
            else None,
            "results": export.records(page.object_list, fold),
        }
    )
