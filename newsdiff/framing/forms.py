"""Forms of the tagging workbench: each validates its input and calls one framing service.

A service's ValidationError (words not in the passage, a pair that is not aligned, ...) becomes
a form error, so the researcher sees what was wrong beside the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from newsdiff.accounts.roles import ADMIN, RESEARCHER
from newsdiff.articles.forms import OutletPeriodForm
from newsdiff.articles.models import Paragraph
from newsdiff.framing import services, studies, suggest
from newsdiff.framing.models import Annotation, Assignment, Codebook, Decision, Study, Tag, Tone
from newsdiff.matching.models import Event


def _tags(kind: str) -> Any:
    return Tag.objects.filter(active=True, codebook__active=True, codebook__kind=kind)


class TagViewForm(forms.Form):
    """Whose tags the event page shows: one's own (default) or everyone's."""

    others = forms.BooleanField(required=False, label="Show others' tags")

    def show_others(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["others"])


class SuggestionViewForm(forms.Form):
    """Which kinds of difference a pair's panel suggests: those judged reliable (default) or
    every kind the engine finds (``kinds=all``)."""

    kinds = forms.ChoiceField(
        required=False,
        choices=[("", "the kinds judged reliable"), ("all", "every kind the engine finds")],
    )

    def all_kinds(self) -> bool:
        return self.is_valid() and self.cleaned_data["kinds"] == "all"


class _ServiceForm(forms.Form):
    def run(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a service; its ValidationError becomes a form error and the call returns None."""
        try:
            return call(*args, **kwargs)
        except ValidationError as error:
            self.add_error(None, error)
            return None


class PassageTagForm(_ServiceForm):
    tag = forms.ModelChoiceField(queryset=_tags("passage"), label="Frame")
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
    tag = forms.ModelChoiceField(queryset=_tags("pair"), label="Difference")
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
    """A table's format, and what it counts: every coder's tags or one settled label an item."""

    format = forms.ChoiceField(choices=[("html", "HTML"), ("csv", "CSV")], required=False)
    count = forms.ChoiceField(
        choices=[("", "every coder's tags"), ("settled", "adjudicated labels")], required=False
    )

    def wants_csv(self) -> bool:
        return self.is_valid() and self.cleaned_data["format"] == "csv"

    def settled(self) -> bool:
        return self.is_valid() and self.cleaned_data["count"] == "settled"


class ChartForm(OutletPeriodForm):
    """The chart's filters: articles published between two dates, by one outlet."""


def _coders() -> Any:
    roles = [RESEARCHER, ADMIN]
    return (
        User.objects.filter(groups__name__in=roles, is_active=True).distinct().order_by("username")
    )


class EventIdsField(forms.CharField):
    """Event ids, separated by commas or spaces: "12, 15 31"."""

    def clean(self, value: Any) -> list[Event]:
        text = super().clean(value)
        try:
            ids = sorted({int(part) for part in text.replace(",", " ").split()})
        except ValueError:
            raise ValidationError("Event ids are numbers, separated by commas.") from None
        found = list(Event.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {e.pk for e in found})
        if missing:
            raise ValidationError(f"No event with id {', '.join(map(str, missing))}.")
        return found


class StudyForm(_ServiceForm):
    name = forms.CharField(max_length=200)
    codebooks = forms.ModelMultipleChoiceField(
        queryset=Codebook.objects.filter(active=True), widget=forms.CheckboxSelectMultiple
    )
    events = EventIdsField(max_length=2000, label="Event ids", help_text="e.g. 12, 15")
    coders = forms.ModelMultipleChoiceField(queryset=_coders(), widget=forms.CheckboxSelectMultiple)
    overlap = forms.IntegerField(
        min_value=0, max_value=100, initial=20, label="Overlap (% of items every coder codes)"
    )
    sample = forms.IntegerField(
        min_value=1, required=False, label="Random sample of (items; empty: all)"
    )
    seed = forms.IntegerField(min_value=0, initial=1)
    reveal = forms.ChoiceField(
        choices=Study.Reveal.choices, initial=Study.Reveal.ITEM, label="Others' tags show"
    )

    def save(self, lead: User) -> Study | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        design = studies.Design(
            data["name"],
            list(data["codebooks"]),
            data["events"],
            list(data["coders"]),
            data["overlap"] / 100,
            data["sample"],
            data["seed"],
            data["reveal"],
        )
        return self.run(studies.create, lead, design)


class CodeForm(_ServiceForm):
    """One step of a coder's queue: add a tag (a second one is a secondary frame), move on."""

    tag = forms.ModelChoiceField(
        queryset=Tag.objects.filter(active=True), required=False, widget=forms.RadioSelect
    )
    tone = forms.ChoiceField(
        choices=[("", "no tone"), *Tone.choices], required=False, widget=forms.RadioSelect
    )
    words = forms.CharField(required=False, max_length=2000, label="Words (optional)")
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea({"rows": 2}))
    action = forms.ChoiceField(choices=[("add", "Add tag"), ("next", "Save and next")])

    def __init__(self, *args: Any, codebook: Codebook, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tag_field = self.fields["tag"]
        assert isinstance(tag_field, forms.ModelChoiceField)
        tag_field.queryset = Tag.objects.filter(codebook=codebook, active=True)
        tag_field.empty_label = None
        if not codebook.has_tone:
            del self.fields["tone"]

    def save(self, assignment: Assignment) -> bool:
        """Record the tag, if one was chosen; with "next", mark the item done. True if both
        went through."""
        if not self.is_valid():
            return False
        data, item = self.cleaned_data, assignment.item
        if data["tag"] is not None:
            paragraph = item.paragraph
            span = self.run(services.locate, paragraph.text, data["words"], data["start"])
            if self.errors:
                return False
            if item.other_paragraph is None:
                tone = data.get("tone", "")
                args = (paragraph, data["tag"], tone, span, data["note"])
                if self.run(services.tag_passage, assignment.coder, *args) is None:
                    return False
            else:
                pair = services.PairInput(paragraph, item.other_paragraph, span)
                args2 = (pair, data["tag"], data["note"])
                if self.run(services.tag_pair, assignment.coder, *args2) is None:
                    return False
        elif data["action"] == "add":
            self.add_error("tag", "Choose a tag (press its number).")
            return False
        if data["action"] == "next":
            return self.run(studies.done, assignment) is not None
        return True
