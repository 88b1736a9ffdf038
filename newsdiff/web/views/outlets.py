"""Outlets: what each outlet published and which events it covered or left out."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from newsdiff.lib.htmx import HtmxHttpRequest, render_page
from newsdiff.web import coverage

# Events listed per outlet and kind; the counts always cover all of them.
EVENTS_SHOWN = 8


@require_GET
def outlets(request: HtmxHttpRequest) -> HttpResponse:
    rows = coverage.outlet_coverage()
    context = {"rows": rows, "shown": EVENTS_SHOWN, "after": coverage.AFTER.days}
    return render_page(request, "web/outlets.html", "outlet-list", context)
