"""Human corrections of the alignment: link two passages the matcher missed ("same event"), or
unlink an aligned pair ("not the same event"). Researchers and admins; each decision is stored
apart from the matcher's output (``matching.LinkDecision``), audited, and regroups the events
around it at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from newsdiff.accounts.decorators import researcher_required
from newsdiff.articles.models import Paragraph
from newsdiff.framing import services
from newsdiff.framing.filters import LinkForm, error_text
from newsdiff.lib.htmx import AuthenticatedHttpRequest, refused


@require_POST
@researcher_required
def link(request: AuthenticatedHttpRequest, paragraph_id: int) -> HttpResponse:
    """POST kind (same, different, revoke), other (the other paragraph's id), note."""
    first = get_object_or_404(Paragraph, pk=paragraph_id)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return refused(f"Not recorded: {error_text(form)}")
    data = form.cleaned_data
    second = get_object_or_404(Paragraph, pk=data["other"])
    try:
        services.link(request.user, first, second, data["kind"], data["note"])
    except ValidationError as error:
        return refused(f"Not recorded: {' '.join(error.messages)}")
    a, b = sorted([first.pk, second.pk])
    return redirect("pair", a, b)
