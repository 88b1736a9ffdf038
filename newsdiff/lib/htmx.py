"""The two things every page view does the same way: render a partial for htmx, paginate.

Shared by every app's views (pages, uploads)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request a role decorator let through: ``request.user`` is a signed-in User."""

    user: User


def render_page(
    request: HtmxHttpRequest,
    template: str,
    partial: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only ``template#partial`` when htmx asks for it.

    A history-restore request (the user went back and htmx had no snapshot) needs the whole
    page; Vary keeps browsers and caches from serving a partial for a full-page load.
    """
    wants_partial = bool(request.htmx) and not request.htmx.history_restore_request
    name = f"{template}#{partial}" if wants_partial else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


class PageForm(forms.Form):
    # Out-of-range pages are clamped by Paginator.get_page, so only the type is checked here.
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def page_number(self) -> int:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("page") or 1

    def query_string(self, page: int) -> str:
        """The same query for another page: pagination links keep the filters."""
        params = {k: v for k, v in self.data.items() if k != "page" and v}
        params["page"] = str(page)
        return "?" + urlencode(params)


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
