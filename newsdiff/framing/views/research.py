"""The researchers' pages: the workbench home and the outlet × frame tables and chart."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from newsdiff.accounts.decorators import researcher_required
from newsdiff.framing import queries, stats
from newsdiff.framing.forms import ChartForm, FormatForm
from newsdiff.framing.models import Codebook
from newsdiff.lib.htmx import AuthenticatedHttpRequest, render_page
from newsdiff.matching.models import Event


@require_GET
@researcher_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"codebooks": queries.codebooks("passage") + queries.codebooks("pair")}
    return render_page(request, "framing/home.html", "codebooks", context)


def csv_response(filename: str, table: stats.Table, corner: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([corner, *table.columns, "total"])
    for name, cells, total in table.as_rows():
        writer.writerow([name, *cells, total])
    return response


@require_GET
@researcher_required
def event_frames(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    """One event's outlet × frame counts, as a table or CSV."""
    event = get_object_or_404(Event, pk=event_id)
    codebook = get_object_or_404(Codebook, slug="frames")
    table = stats.outlet_frames(codebook, event=event)
    if FormatForm(request.GET).wants_csv():
        return csv_response(f"event-{event.pk}-frames.csv", table, "outlet")
    tones = stats.outlet_tones(codebook, event=event)
    context = {"event": event, "table": table, "tones": tones}
    return render_page(request, "framing/event_frames.html", "frames", context)


@require_GET
@researcher_required
def chart(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Across events: each outlet's frame and tone distribution, filtered by date and outlet."""
    form = ChartForm(request.GET)
    filters = form.filters()
    codebook = get_object_or_404(Codebook, slug="frames")
    table = stats.outlet_frames(codebook, **filters)
    if FormatForm(request.GET).wants_csv():
        return csv_response("frames-by-outlet.csv", table, "outlet")
    tones = stats.outlet_tones(codebook, **filters)
    context = {
        "form": form,
        "table": table,
        "tones": tones,
        "chart_data": {"frames": table.as_chart(), "tones": tones.as_chart()},
        "query": form.query_string(1),
    }
    return render_page(request, "framing/chart.html", "chart", context)
