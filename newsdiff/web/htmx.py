"""The two things every page view does the same way: render a partial for htmx, paginate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from newsdiff.web.forms import PageForm


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def render_page(
    request: HtmxHttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only ``template#partial`` when htmx asks for it.

    A history-restore request (the user went back and htmx had no snapshot) needs the whole
    page; Vary keeps browsers and caches from serving a partial for a full-page load.
    """
    wants_partial = bool(request.htmx) and not request.htmx.history_restore_request
    response = render(request, f"{template}#{partial}" if wants_partial else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass(frozen=True)
class Pager:
    page: Page[Any]
    previous_url: str | None
    next_url: str | None


def paginate(queryset: QuerySet[Any], form: PageForm, per_page: int) -> Pager:
    page = Paginator(queryset, per_page).get_page(form.page_number())
    return Pager(
        page,
        form.query_string(page.previous_page_number()) if page.has_previous() else None,
        form.query_string(page.next_page_number()) if page.has_next() else None,
    )
