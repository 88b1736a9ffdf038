"""Agreement between annotators, the items they disagree on, and adjudication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from newsdiff.accounts.decorators import adjudicator_required, researcher_required
from newsdiff.accounts.roles import can_adjudicate
from newsdiff.articles.models import Paragraph
from newsdiff.framing import agreement, services, suggest
from newsdiff.framing.blind import blindfold
from newsdiff.framing.filters import AdjudicationForm, AgreementForm
from newsdiff.framing.models import Codebook, Tone
from newsdiff.lib.htmx import AuthenticatedHttpRequest, refused, render_page


@require_GET
@researcher_required
def agreement_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AgreementForm(request.GET)
    codebook, event = form.chosen()
    context = {
        "form": form,
        "codebooks": Codebook.objects.all(),
        "report": agreement.report(codebook, event, blindfold(request.user)) if codebook else None,
        "event": event,
        "precision": suggest.precision(),
    }
    return render_page(request, "framing/agreement.html", "agreement", context)


@require_GET
@researcher_required
def disagreements(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AgreementForm(request.GET)
    codebook, event = form.chosen()
    fold, every = blindfold(request.user), form.wants_every()
    items = agreement.disagreements(codebook, event, fold, every) if codebook else []
    context = {
        "form": form,
        "codebooks": Codebook.objects.all(),
        "codebook": codebook,
        "event": event,
        "every": every,
        "items": items,
        "tags": list(codebook.tags.filter(active=True)) if codebook else [],
        "tones": Tone.choices,
        "can_adjudicate": can_adjudicate(request.user),
    }
    return render_page(request, "framing/disagreements.html", "disagreements", context)


@require_POST
@adjudicator_required
def adjudicate(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AdjudicationForm(request.POST)
    if not form.is_valid():
        return refused(f"Not recorded: {form.error_text()}")
    data = form.cleaned_data
    paragraph = get_object_or_404(Paragraph, pk=data["paragraph"])
    other = data["other_paragraph"] and get_object_or_404(Paragraph, pk=data["other_paragraph"])
    item = (paragraph, other or None)
    try:
        services.adjudicate(
            request.user, data["codebook"], item, data["tag"], data["note"], data["tone"]
        )
    except ValidationError as error:
        return refused(f"Not recorded: {' '.join(error.messages)}")
    messages.success(request, f"Adjudicated: {data['tag'].name}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("framing:disagreements")
    return redirect(f"{back}#item-{paragraph.pk}-{other.pk if other else ''}")
