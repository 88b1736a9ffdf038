"""Query-parameter forms of the researchers' pages: agreement, disagreements, export, API."""

from __future__ import annotations

from typing import Any

from django import forms

from newsdiff.articles.models import Outlet
from newsdiff.framing.models import Codebook, Tag
from newsdiff.lib.forms import DateInput
from newsdiff.lib.htmx import PageForm
from newsdiff.matching.models import Event


class AgreementForm(forms.Form):
    codebook = forms.ModelChoiceField(
        queryset=Codebook.objects.all(), to_field_name="slug", required=False, empty_label=None
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.all(), required=False, widget=forms.NumberInput
    )

    def chosen(self) -> tuple[Codebook | None, Event | None]:
        """The valid choices; a bad codebook falls back to the first, a bad event to all."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("codebook") or Codebook.objects.first(), data.get("event")


class AdjudicationForm(forms.Form):
    codebook = forms.ModelChoiceField(queryset=Codebook.objects.all(), to_field_name="slug")
    paragraph = forms.IntegerField(min_value=1)
    other_paragraph = forms.IntegerField(min_value=1, required=False)
    tag = forms.ModelChoiceField(queryset=Tag.objects.all())
    note = forms.CharField(required=False, max_length=2000)


class ExportForm(PageForm):
    """Filters of the export and the API; every one optional."""

    format = forms.ChoiceField(choices=[("json", "JSON"), ("csv", "CSV")], required=False)
    event = forms.ModelChoiceField(queryset=Event.objects.all(), required=False)
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), to_field_name="name", required=False
    )
    codebook = forms.ModelChoiceField(
        queryset=Codebook.objects.all(), to_field_name="slug", required=False
    )
    annotator = forms.CharField(required=False, max_length=150)
    start = forms.DateField(required=False, widget=DateInput)
    end = forms.DateField(required=False, widget=DateInput)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            k: data.get(k) for k in ("event", "outlet", "codebook", "annotator", "start", "end")
        }

    def error_text(self) -> str:
        return "; ".join(
            f"{field}: {' '.join(str(e) for e in errors)}" for field, errors in self.errors.items()
        )
