"""Agreement between annotators, the items they disagree on, and adjudication."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from newsdiff.accounts.decorators import adjudicator_required, researcher_required
from newsdiff.accounts.roles import can_adjudicate
from newsdiff.articles.models import Paragraph
from newsdiff.framing import agreement, services, suggest
from newsdiff.framing.filters import AdjudicationForm, AgreementForm
from newsdiff.framing.models import Codebook
from newsdiff.lib.htmx import AuthenticatedHttpRequest, render_page


@require_GET
@researcher_required
def agreement_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AgreementForm(request.GET)
    codebook, event = form.chosen()
    context = {
        "form": form,
        "codebooks": Codebook.objects.all(),
        "report": agreement.report(codebook, event) if codebook else None,
        "event": event,
        "precision": suggest.precision(),
    }
    return render_page(request, "framing/agreement.html", "agreement", context)


@require_GET
@researcher_required
def disagreements(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AgreementForm(request.GET)
    codebook, event = form.chosen()
    context = {
        "form": form,
        "codebooks": Codebook.objects.all(),
        "codebook": codebook,
        "event": event,
        "items": agreement.disagreements(codebook, event) if codebook else [],
        "tags": list(codebook.tags.all()) if codebook else [],
        "can_adjudicate": can_adjudicate(request.user),
    }
    return render_page(request, "framing/disagreements.html", "disagreements", context)


@require_POST
@adjudicator_required
def adjudicate(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AdjudicationForm(request.POST)
    if not form.is_valid():
        return HttpResponse(f"Not recorded: {form.errors.as_text()}", status=400)
    data = form.cleaned_data
    paragraph = get_object_or_404(Paragraph, pk=data["paragraph"])
    other = data["other_paragraph"] and get_object_or_404(Paragraph, pk=data["other_paragraph"])
    codebook: Codebook = data["codebook"]
    item = (paragraph, other or None)
    services.adjudicate(request.user, codebook, item, data["tag"], data["note"])
    messages.success(request, f"Adjudicated: {data['tag'].name}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("framing:disagreements")
    return redirect(f"{back}#item-{paragraph.pk}-{other.pk if other else ''}")
