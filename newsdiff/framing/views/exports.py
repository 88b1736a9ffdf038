"""Every tag out: CSV and JSON downloads, and the read-only, paginated JSON API."""

from __future__ import annotations

import csv
import json

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods

from newsdiff.accounts.decorators import researcher_required
from newsdiff.accounts.roles import can_tag
from newsdiff.framing import export, tokens
from newsdiff.framing.filters import ExportForm
from newsdiff.lib.htmx import AuthenticatedHttpRequest, render_page

API_PAGE_SIZE = 100


@require_GET
@researcher_required
def download(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(f"Bad filter: {form.error_text()}", status=400)
    records = export.records(export.filtered(**form.filters()))
    if form.cleaned_data["format"] == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="newsdiff-tags.csv"'
        csv.writer(response).writerows(export.csv_rows(records))
        return response
    response = HttpResponse(json.dumps(records, ensure_ascii=False, indent=1), "application/json")
    response["Content-Disposition"] = 'attachment; filename="newsdiff-tags.json"'
    return response


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
    paginator = Paginator(
        export.filtered(**form.filters()), form.cleaned_data["page_size"] or API_PAGE_SIZE
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
            "results": export.records(page.object_list),
        }
    )
