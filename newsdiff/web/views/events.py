"""Events: the home page (all events, filtered), one event side by side, a pair's evidence.

Addresses outlive regroupings: an event merged into another answers 301 to it (``EventRedirect``),
and a pair lives at ``/pairs/<a>-<b>/`` whatever its alignment row's id (``matching.identity``).
"""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdiff.accounts.roles import can_tag
from newsdiff.framing import engine
from newsdiff.framing.forms import TagViewForm
from newsdiff.framing.queries import visible_tags
from newsdiff.lib.htmx import HtmxHttpRequest, paginate, render_page
from newsdiff.matching.models import Alignment, Event, EventRedirect, RetiredAlignment, pair_url
from newsdiff.matching.store import decisions
from newsdiff.web import coverage, evidence, queries
from newsdiff.web.forms import EventFilterForm, EventViewForm, MergedNoticeForm
from newsdiff.web.layout import layout
from newsdiff.web.marks import legend, marked_pair

EVENTS_PER_PAGE = 20


@require_GET
def events(request: HtmxHttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    filters = form.filters()
    pager = paginate(queries.filtered_events(**filters), form, EVENTS_PER_PAGE)
    page = cast(QuerySet[Event], pager.page.object_list)  # the slice of the queryset given
    context = {"form": form, "pager": pager, "events": queries.event_cards(page, filters.get("q"))}
    return render_page(request, "web/events.html", "event-list", context)


@require_GET
def event(request: HtmxHttpRequest, event_id: int) -> HttpResponse:
    obj = Event.objects.filter(pk=event_id).first()
    if obj is None:
        return moved_event(request, event_id)
    members = queries.event_passages(obj)
    span = coverage.window(obj.period_start, obj.period_end, (m.article.published for m in members))
    others = TagViewForm(request.GET).show_others()
    ids = [m.paragraph_id for m in members]
    tags = visible_tags(ids, request.user, others) if can_tag(request.user) else None
    view = EventViewForm(request.GET)
    strict, all_kinds = view.strict(), view.all_kinds()
    passages = queries.event_passages_paired(members, tags, request.user.pk, strict, all_kinds)
    context = {
        "event": obj,
        "period": queries.period_html(obj),
        "grid": layout(passages),
        "strict": strict,
        "all_kinds": all_kinds,
        "legend": legend(all_kinds),
        "hidden_kinds": engine.hidden_kind_names(),
        "others": others,
        "report_count": len({m.article_id for m in members}),
        "outlet_count": len({m.article.outlet_id for m in members}),
        "not_covered": coverage.not_covering(span, {m.article.outlet_id for m in members}),
        "window": span,
        "after": coverage.AFTER.days,
        "merged": MergedNoticeForm(request.GET).merged_into(obj),
    }
    return render_page(request, "web/event.html", "passages", context)


def moved_event(request: HtmxHttpRequest, event_id: int) -> HttpResponse:
    """An event id a regrouping retired: 301 to where its paragraphs went, else 410."""
    moved = get_object_or_404(EventRedirect.objects.select_related("target"), old_id=event_id)
    if moved.target is None:
        return render(request, "web/event_gone.html", {"moved": moved}, status=410)
    url = f"{moved.target.get_absolute_url()}?merged={event_id}"
    return HttpResponsePermanentRedirect(url)


@require_GET
def alignment(request: HtmxHttpRequest, alignment_id: int) -> HttpResponse:
    """The old address by row id: 301 to the pair's address for life."""
    obj = Alignment.objects.filter(pk=alignment_id).first()
    found = obj or get_object_or_404(RetiredAlignment, pk=alignment_id)
    return HttpResponsePermanentRedirect(found.get_absolute_url())


@require_GET
def pair(request: HtmxHttpRequest, paragraph_a: int, paragraph_b: int) -> HttpResponse:
    """The evidence for one aligned pair, with the differences the engine finds between the
    two passages marked; a pair that a regrouping no longer aligns still answers, with the
    evidence it had and a note."""
    if paragraph_a >= paragraph_b:
        if paragraph_a == paragraph_b:
            raise Http404("a pair is two different paragraphs")
        return HttpResponsePermanentRedirect(pair_url(paragraph_a, paragraph_b))
    related = ("paragraph_a__article__outlet", "paragraph_b__article__outlet")
    unread = ("paragraph_a__article__original", "paragraph_b__article__original")
    found = Alignment.objects.select_related("event", *related).defer(*unread).filter(
        paragraph_a=paragraph_a, paragraph_b=paragraph_b
    ).first() or get_object_or_404(
        RetiredAlignment.objects.select_related(*related).defer(*unread).order_by("-retired"),
        paragraph_a=paragraph_a, paragraph_b=paragraph_b,
    )  # fmt: skip
    a, b = found.paragraph_a, found.paragraph_b
    all_kinds = EventViewForm(request.GET).all_kinds()
    marked_a, marked_b = marked_pair(a, b, all_kinds)
    context = {
        "all_kinds": all_kinds,
        "legend": legend(all_kinds),
        "alignment": found,
        "retired": isinstance(found, RetiredAlignment),
        "sides": [(a, marked_a), (b, marked_b)],
        "evidence": evidence.describe(found.evidence),
        "decisions": decisions.on_pair(paragraph_a, paragraph_b),
        "strength": evidence.strength(found.score),
    }
    return render_page(request, "web/alignment.html", "evidence", context)
