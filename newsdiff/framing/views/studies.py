"""Studies: the lead creates one and follows it; each coder works their queue by keyboard.

The lead (who created the study) and adjudicators see every coder's progress and the
agreement as it accrues; a coder sees their own progress and their queue.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from newsdiff.accounts.decorators import adjudicator_required, researcher_required
from newsdiff.accounts.roles import can_adjudicate
from newsdiff.framing import agreement, studies
from newsdiff.framing.forms import CodeForm, StudyForm
from newsdiff.framing.models import Assignment, Study, StudyCodebook, StudyCoder
from newsdiff.lib.htmx import AuthenticatedHttpRequest, render_page


def _leads(request: AuthenticatedHttpRequest, study: Study) -> bool:
    return study.lead_id == request.user.pk or can_adjudicate(request.user)


def _study(request: AuthenticatedHttpRequest, study_id: int) -> Study:
    study = get_object_or_404(Study, pk=study_id)
    coding = StudyCoder.objects.filter(study=study, user=request.user).exists()
    if not (coding or _leads(request, study)):
        raise PermissionDenied("You are neither a coder nor the lead of this study.")
    return study


@require_GET
@researcher_required
def studies_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = Study.objects.filter(coders__user=request.user)
    led = Study.objects.all()
    if not can_adjudicate(request.user):
        led = led.filter(lead=request.user)
    context = {
        "coding": list(mine.distinct()),
        "leading": list(led.distinct()),
        "form": StudyForm() if can_adjudicate(request.user) else None,
    }
    return render_page(request, "framing/studies.html", "studies", context)


@require_POST
@adjudicator_required
def create_study(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StudyForm(request.POST)
    study = form.save(request.user)
    if study is not None:
        return redirect("framing:study", study.pk)
    context = {"coding": [], "leading": [], "form": form}
    return render_page(request, "framing/studies.html", "studies", context, status=400)


@require_GET
@researcher_required
def study(request: AuthenticatedHttpRequest, study_id: int) -> HttpResponse:
    obj = _study(request, study_id)
    leads = _leads(request, obj)
    progress = studies.progress(obj)
    books = StudyCodebook.objects.filter(study=obj).select_related("codebook")
    keys = studies.item_keys(obj)
    context = {
        "study": obj,
        "leads": leads,
        "progress": progress
        if leads
        else [p for p in progress if p.coder == request.user.get_username()],
        "books": books,
        "reports": [agreement.report(b.codebook, items=keys) for b in books] if leads else [],
        "items": len(keys),
    }
    return render_page(request, "framing/study.html", "study", context)


def _queue_context(
    request: AuthenticatedHttpRequest,
    obj: Study,
    current: Assignment | None,
    form: CodeForm | None = None,
) -> dict[str, Any]:
    mine = studies.queue(obj, request.user)
    context: dict[str, Any] = {
        "study": obj,
        "done": sum(a.done_at is not None for a in mine),
        "total": len(mine),
        "current": current,
    }
    if current is not None:
        codebook = current.item.codebook
        context |= {
            "codebook": codebook,
            "tags": codebook.tags.filter(active=True),
            "mine": studies.coded(current),
            "form": form or CodeForm(codebook=codebook),
        }
    return context


@require_GET
@researcher_required
def queue(request: AuthenticatedHttpRequest, study_id: int) -> HttpResponse:
    """The coder's next item (the first not done), or ``?at=<assignment>`` to go back to one."""
    obj = _study(request, study_id)
    mine = studies.queue(obj, request.user)
    at = request.GET.get("at", "")
    current = next((a for a in mine if str(a.pk) == at), None) if at.isdigit() else None
    current = current or next((a for a in mine if a.done_at is None), None)
    context = _queue_context(request, obj, current)
    return render_page(request, "framing/queue.html", "queue", context)


@require_POST
@researcher_required
def code(request: AuthenticatedHttpRequest, study_id: int, assignment_id: int) -> HttpResponse:
    obj = _study(request, study_id)
    related = ("item__codebook", "item__paragraph", "item__other_paragraph", "item__study")
    assignment = get_object_or_404(
        Assignment.objects.select_related(*related),
        pk=assignment_id,
        item__study=obj,
        coder=request.user,
    )
    form = CodeForm(request.POST, codebook=assignment.item.codebook)
    if form.save(assignment):
        back = reverse("framing:queue", args=[obj.pk])
        if form.cleaned_data["action"] == "next":
            return redirect(back)
        return redirect(f"{back}?at={assignment.pk}")  # the same item, for a secondary tag
    context = _queue_context(request, obj, assignment, form)
    return render_page(request, "framing/queue.html", "queue", context, status=400)
