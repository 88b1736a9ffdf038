"""The tagging workbench: a passage's tags, a pair's tags and suggested differences, edits.

Every view checks the role itself (researcher or admin); the panels load inline on the event
page with htmx and are pages of their own without JavaScript. Writes go through
newsdiff.framing.services, which validates, writes and audits in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from newsdiff.accounts.decorators import researcher_required
from newsdiff.articles.models import Paragraph
from newsdiff.framing import engine, queries, services, suggest
from newsdiff.framing.filters import error_text
from newsdiff.framing.forms import (
    DecisionForm,
    PairTagForm,
    PassageTagForm,
    SuggestionViewForm,
    TagUpdateForm,
    TagViewForm,
)
from newsdiff.framing.models import Annotation, Decision, Tone
from newsdiff.lib.htmx import AuthenticatedHttpRequest, refused, render_page


def _passage_context(
    request: AuthenticatedHttpRequest, paragraph: Paragraph, form: PassageTagForm | None = None
) -> dict[str, Any]:
    others = TagViewForm(request.GET).show_others()
    tags = queries.visible_tags([paragraph.pk], request.user, others, with_text=True)
    return {
        "paragraph": paragraph,
        "tags": tags.on_passage(paragraph.pk),
        "hidden": tags.hidden,
        "others": others,
        "form": form or PassageTagForm(),
        "codebooks": queries.codebooks("passage"),
        "tones": Tone.choices,
    }


def _pair(a: int, b: int) -> tuple[Paragraph, Paragraph]:
    found = queries.pair_paragraphs(min(a, b), max(a, b))
    if found is None:
        raise Http404("No such pair of passages.")
    return found


def _pair_context(
    request: AuthenticatedHttpRequest,
    pair: tuple[Paragraph, Paragraph],
    form: PairTagForm | None = None,
) -> dict[str, Any]:
    a, b = pair
    others = TagViewForm(request.GET).show_others()
    tags = queries.visible_tags([a.pk, b.pk], request.user, others, with_text=True)
    all_kinds = SuggestionViewForm(request.GET).all_kinds()
    suggested = suggest.panel(a, b, all_kinds)
    books = queries.codebooks("pair")
    names = {t.slug: t.name for _, tags in books for t in tags}  # suggestions name their tag
    judged = dict(
        Decision.objects.filter(
            user=request.user, suggestion__paragraph=a, suggestion__other_paragraph=b
        ).values_list("suggestion__key", "verdict")
    )
    key = request.GET.get("suggestion", "")
    candidates = suggest.for_pair(a, b)
    editing = next((c for c in candidates if c.key == key and key not in judged), None)
    return {
        "a": a,
        "b": b,
        "tags": tags.on_pair(a.pk, b.pk),
        "hidden": tags.hidden,
        "others": others,
        "all_kinds": all_kinds,
        # what the panel's writes keep of the view when they redraw it
        "view_query": _view_query(others, all_kinds),
        "hidden_kinds": engine.hidden_kind_names(),
        "suggestions": [
            (c, c.words(a.text, b.text), judged.get(c.key), names.get(c.tag, c.tag))
            for c in suggested.own
        ],
        "elsewhere": [(c, c.words(a.text, b.text), pair) for c, pair in suggested.elsewhere],
        "sides": [("a", a), ("b", b)],
        "form": form or PairTagForm(initial=_initial(editing, a, b)),
        "codebooks": books,
        "tones": Tone.choices,
    }


def _view_query(others: bool, all_kinds: bool) -> str:
    params = [p for p, on in (("others=1", others), ("kinds=all", all_kinds)) if on]
    return "?" + "&".join(params) if params else ""


def _initial(candidate: suggest.Candidate | None, a: Paragraph, b: Paragraph) -> dict[str, Any]:
    """The pair form prefilled from a suggestion the researcher chose to edit."""
    if candidate is None:
        return {}
    words_a, words_b = candidate.words(a.text, b.text)
    return {
        "tag": queries.tag("differences", candidate.tag),
        "words_a": words_a,
        "start_a": candidate.span_a[0] if candidate.span_a else None,
        "words_b": words_b,
        "start_b": candidate.span_b[0] if candidate.span_b else None,
        "note": candidate.explanation,
        "suggestion": candidate.key,
    }


@require_GET
@researcher_required
def passage(request: AuthenticatedHttpRequest, paragraph_id: int) -> HttpResponse:
    paragraph = get_object_or_404(
        Paragraph.objects.select_related("article__outlet").defer("article__original"),
        pk=paragraph_id,
    )
    context = _passage_context(request, paragraph)
    return render_page(request, "framing/passage.html", "passage-tags", context)


@require_POST
@researcher_required
def tag_passage(request: AuthenticatedHttpRequest, paragraph_id: int) -> HttpResponse:
    paragraph = get_object_or_404(
        Paragraph.objects.select_related("article__outlet").defer("article__original"),
        pk=paragraph_id,
    )
    form = PassageTagForm(request.POST)
    if form.save(request.user, paragraph) and not request.htmx:
        return redirect("framing:passage", paragraph.pk)
    context = _passage_context(request, paragraph, form if form.errors else None)
    return render_page(request, "framing/passage.html", "passage-tags", context)


@require_GET
@researcher_required
def pair(request: AuthenticatedHttpRequest, a: int, b: int) -> HttpResponse:
    context = _pair_context(request, _pair(a, b))
    return render_page(request, "framing/pair.html", "pair-tags", context)


@require_POST
@researcher_required
def tag_pair(request: AuthenticatedHttpRequest, a: int, b: int) -> HttpResponse:
    paragraphs = _pair(a, b)
    form = PairTagForm(request.POST)
    if form.save(request.user, *paragraphs) and not request.htmx:
        return redirect("framing:pair", *sorted([a, b]))
    context = _pair_context(request, paragraphs, form if form.errors else None)
    return render_page(request, "framing/pair.html", "pair-tags", context)


@require_POST
@researcher_required
def decide(request: AuthenticatedHttpRequest, a: int, b: int) -> HttpResponse:
    """Accept or reject one suggested difference, in one click."""
    paragraphs = _pair(a, b)
    form = DecisionForm(request.POST)
    if form.save(request.user, *paragraphs) is None:
        return refused(f"Not recorded: {error_text(form)}")
    if not request.htmx:
        return redirect("framing:pair", *sorted([a, b]))
    return render_page(
        request, "framing/pair.html", "pair-tags", _pair_context(request, paragraphs)
    )


def _owner_panel(request: AuthenticatedHttpRequest, annotation: Annotation) -> HttpResponse:
    """After an edit or delete: the panel the tag was in."""
    if annotation.other_paragraph_id is None:
        if not request.htmx:
            return redirect("framing:passage", annotation.paragraph_id)
        context = _passage_context(request, annotation.paragraph)
        return render_page(request, "framing/passage.html", "passage-tags", context)
    ids = (annotation.paragraph_id, annotation.other_paragraph_id)
    if not request.htmx:
        return redirect("framing:pair", *ids)
    context = _pair_context(request, _pair(*ids))
    return render_page(request, "framing/pair.html", "pair-tags", context)


@require_POST
@researcher_required
def update_tag(request: AuthenticatedHttpRequest, annotation_id: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation.objects.live(), pk=annotation_id)
    form = TagUpdateForm(request.POST)
    if form.save(request.user, annotation) is None:
        return refused(f"Not changed: {error_text(form)}")
    return _owner_panel(request, annotation)


@require_POST
@researcher_required
def delete_tag(request: AuthenticatedHttpRequest, annotation_id: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation.objects.live(), pk=annotation_id)
    try:
        services.delete(annotation, request.user)
    except ValidationError as error:  # someone else's tag
        return refused(f"Not deleted: {' '.join(error.messages)}", 403)
    return _owner_panel(request, annotation)
