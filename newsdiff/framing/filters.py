"""Query-parameter forms of the researchers' pages: agreement, disagreements, export, API."""

from __future__ import annotations

from typing import Any

from django import forms

from newsdiff.articles.models import Outlet
from newsdiff.framing.models import Codebook, Study, Tag, Tone
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
    # The curation view: every item two or more coders tagged, not only the split ones.
    every = forms.BooleanField(required=False)

    def wants_every(self) -> bool:
        self.is_valid()
        return bool(getattr(self, "cleaned_data", {}).get("every"))

    def chosen(self) -> tuple[Codebook | None, Event | None]:
        """The valid choices; a bad codebook falls back to the first, a bad event to all."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("codebook") or Codebook.objects.first(), data.get("event")


class AdjudicationForm(forms.Form):
    codebook = forms.ModelChoiceField(queryset=Codebook.objects.all(), to_field_name="slug")
    paragraph = forms.IntegerField(min_value=1)
    other_paragraph = forms.IntegerField(min_value=1, required=False)
    tag = forms.ModelChoiceField(queryset=Tag.objects.select_related("codebook"))
    tone = forms.ChoiceField(choices=[("", "no tone"), *Tone.choices], required=False)
    note = forms.CharField(required=False, max_length=2000)

    def error_text(self) -> str:
        return error_text(self)


class ExportForm(PageForm):
    """Filters of the export and the API; every one optional."""

    format = forms.ChoiceField(
        choices=[
            ("json", "JSON"),
            ("csv", "CSV"),
            ("long", "long CSV (item × coder × variable)"),
            ("labelstudio", "Label Studio JSON"),
        ],
        required=False,
    )
    event = forms.ModelChoiceField(queryset=Event.objects.all(), required=False)
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), to_field_name="name", required=False
    )
    codebook = forms.ModelChoiceField(
        queryset=Codebook.objects.all(), to_field_name="slug", required=False
    )
    annotator = forms.CharField(required=False, max_length=150)
    study = forms.ModelChoiceField(queryset=Study.objects.all(), required=False)
    start = forms.DateField(required=False, widget=DateInput)
    end = forms.DateField(required=False, widget=DateInput)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            k: data.get(k)
            for k in ("event", "outlet", "codebook", "annotator", "start", "end", "study")
        }

    def error_text(self) -> str:
        return error_text(self)


def error_text(form: forms.Form) -> str:
    """Errors as one line, each named by its field's label (never "__all__")."""
    return "; ".join(
        (f"{form.fields[name].label or name.replace('_', ' ')}: " if name in form.fields else "")
        + " ".join(str(e) for e in errors)
        for name, errors in form.errors.items()
    )


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("same", "the same event"),
            ("different", "not the same event"),
            ("revoke", "withdraw the decision"),
        ]
    )
    other = forms.IntegerField(min_value=1, label="The other passage's id")
    note = forms.CharField(required=False, max_length=2000)
