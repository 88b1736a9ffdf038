"""Events: the home page (all events, filtered), one event side by side, an alignment's evidence."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from newsdiff.lib.htmx import HtmxHttpRequest, paginate, render_page
from newsdiff.matching.models import Alignment, Event
from newsdiff.web import coverage, evidence, queries
from newsdiff.web.diff import compare
from newsdiff.web.forms import EventFilterForm

EVENTS_PER_PAGE = 20


@require_GET
def events(request: HtmxHttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    pager = paginate(queries.filtered_events(**form.filters()), form, EVENTS_PER_PAGE)
    queries.attach_outlet_counts(list(pager.page))
    return render_page(request, "web/events.html", "event-list", {"form": form, "pager": pager})


@require_GET
def event(request: HtmxHttpRequest, event_id: int) -> HttpResponse:
    obj = get_object_or_404(Event, pk=event_id)
    members = queries.event_passages(obj)
    span = coverage.window(obj.period_start, obj.period_end, (m.article.published for m in members))
    context = {
        "event": obj,
        "columns": queries.event_columns(members),
        "report_count": len({m.article_id for m in members}),
        "outlet_count": len({m.article.outlet_id for m in members}),
        "not_covered": coverage.not_covering(span, {m.article.outlet_id for m in members}),
        "window": span,
        "margin": coverage.MARGIN.days,
    }
    return render_page(request, "web/event.html", "passages", context)


@require_GET
def alignment(request: HtmxHttpRequest, alignment_id: int) -> HttpResponse:
    """The evidence for one aligned pair, with the pair's own word-level diff."""
    obj = get_object_or_404(
        Alignment.objects.select_related(
            "event", "paragraph_a__article__outlet", "paragraph_b__article__outlet"
        ),
        pk=alignment_id,
    )
    diff_a, diff_b = compare(obj.paragraph_a.text, obj.paragraph_b.text)
    sides = [(obj.paragraph_a, diff_a), (obj.paragraph_b, diff_b)]
    context = {"alignment": obj, "sides": sides, "evidence": evidence.describe(obj.evidence)}
    return render_page(request, "web/alignment.html", "evidence", context)
