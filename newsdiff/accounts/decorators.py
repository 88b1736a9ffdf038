from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from newsdiff.accounts.roles import can_adjudicate, can_tag, can_upload

View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    """Upload and manage views: anonymous users go to the login page, other roles get 403."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_upload(request.user):
            raise PermissionDenied("Uploading articles needs the admin role.")
        return view(request, *args, **kwargs)

    return wrapped


def _role_required(check: Callable[[Any], bool], message: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                response = redirect_to_login(request.get_full_path())
                if getattr(request, "htmx", False):
                    response["HX-Redirect"] = response["Location"]
                return response
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Tagging, the researchers' pages, exports: researchers and admins.
researcher_required = _role_required(can_tag, "Tagging needs the researcher or admin role.")
adjudicator_required = _role_required(
    can_adjudicate, "Adjudicating needs the admin role or the lead researcher's permission."
)
