"""Login-only reading when NEWSDIFF_PUBLIC_READ is off, without touching any reading view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase


class ReadAccessMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, switched by the setting at request time.

    Views marked ``login_not_required`` (the login page, the admin's own login) stay open.
    Reading the setting per request lets tests and deployments flip it without a reload.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if settings.NEWSDIFF_PUBLIC_READ:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(
        self, request: HttpRequest, view_func: Callable[..., Any]
    ) -> HttpResponseRedirect:
        response = super().handle_no_permission(request, view_func)
        if getattr(request, "htmx", False):
            # An htmx poll must not swap the login page into a fragment: reload the whole page.
            response["HX-Redirect"] = response["Location"]
        return response
