"""Forms of the tagging workbench: each validates its input and calls one framing service.

A service's ValidationError (words not in the passage, a pair that is not aligned, ...) becomes
a form error, so the researcher sees what was wrong beside the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from newsdiff.articles.forms import OutletPeriodForm
from newsdiff.articles.models import Paragraph
from newsdiff.framing import services, suggest
from newsdiff.framing.models import Annotation, Decision, Tag, Tone


def _tags(kind: str) -> Any:
    return Tag.objects.filter(active=True, codebook__active=True, codebook__kind=kind)


class TagViewForm(forms.Form):
    """Whose tags the event page shows: one's own (default) or everyone's."""

    others = forms.BooleanField(required=False, label="Show others' tags")

    def show_others(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["others"])


class _ServiceForm(forms.Form):
    def run(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a service; its ValidationError becomes a form error and the call returns None."""
        try:
            return call(*args, **kwargs)
        except ValidationError as error:
            self.add_error(None, error)
            return None


class PassageTagForm(_ServiceForm):
    tag = forms.ModelChoiceField(queryset=_tags("passage"), label="Frame", empty_label=None)
    tone = forms.ChoiceField(choices=[("", "no tone"), *Tone.choices], required=False)
    words = forms.CharField(
        required=False, max_length=2000, label="Words (optional: select them in the passage)"
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea({"rows": 2}))

    def save(self, user: User, paragraph: Paragraph) -> Annotation | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        span = self.run(services.locate, paragraph.text, data["words"], data["start"])
        if self.errors:
            return None
        tag_passage = services.tag_passage
        return self.run(tag_passage, user, paragraph, data["tag"], data["tone"], span, data["note"])


class PairTagForm(_ServiceForm):
    tag = forms.ModelChoiceField(queryset=_tags("pair"), label="Difference", empty_label=None)
    words_a = forms.CharField(required=False, max_length=2000, label="Words in the first")
    start_a = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    words_b = forms.CharField(required=False, max_length=2000, label="Words in the second")
    start_b = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea({"rows": 2}))
    # Set when the researcher edits a suggestion before accepting it.
    suggestion = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def save(self, user: User, a: Paragraph, b: Paragraph) -> Annotation | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        span_a = self.run(services.locate, a.text, data["words_a"], data["start_a"])
        span_b = self.run(services.locate, b.text, data["words_b"], data["start_b"])
        if self.errors:
            return None
        pair = services.PairInput(a, b, span_a, span_b)
        if data["suggestion"]:
            candidate = suggest.find(a, b, data["suggestion"])
            if candidate is None:
                self.add_error(None, "That suggestion no longer applies to these passages.")
                return None
            edited = Decision.Verdict.EDITED
            decide = services.decide
            decision = self.run(decide, candidate, user, edited, pair, data["tag"], data["note"])
            return decision.annotation if decision else None
        return self.run(services.tag_pair, user, pair, data["tag"], data["note"])


class TagUpdateForm(_ServiceForm):
    tag = forms.ModelChoiceField(queryset=Tag.objects.filter(active=True), empty_label=None)
    tone = forms.ChoiceField(choices=[("", "no tone"), *Tone.choices], required=False)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea({"rows": 2}))

    def save(self, user: User, annotation: Annotation) -> Annotation | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        update = services.update
        return self.run(update, annotation, user, data["tag"], data["tone"], data["note"])


class DecisionForm(_ServiceForm):
    key = forms.CharField(max_length=100)
    verdict = forms.ChoiceField(
        choices=[(Decision.Verdict.ACCEPTED, "accept"), (Decision.Verdict.REJECTED, "reject")]
    )

    def save(self, user: User, a: Paragraph, b: Paragraph) -> Decision | None:
        if not self.is_valid():
            return None
        candidate = suggest.find(a, b, self.cleaned_data["key"])
        if candidate is None:
            self.add_error("key", "That suggestion no longer applies to these passages.")
            return None
        return self.run(services.decide, candidate, user, self.cleaned_data["verdict"])


class FormatForm(forms.Form):
    format = forms.ChoiceField(choices=[("html", "HTML"), ("csv", "CSV")], required=False)

    def wants_csv(self) -> bool:
        return self.is_valid() and self.cleaned_data["format"] == "csv"


class ChartForm(OutletPeriodForm):
    """The chart's filters: articles published between two dates, by one outlet."""
