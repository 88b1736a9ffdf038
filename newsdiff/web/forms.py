"""Query-parameter forms: every GET parameter a page reads is validated here."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from newsdiff.articles.forms import OutletPeriodForm
from newsdiff.lib.forms import DateInput
from newsdiff.matching.models import Event, EventRedirect


class EventFilterForm(OutletPeriodForm):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search passages",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "e.g. Lavrov Istanbul",
                "title": 'Every word, in any order; "a phrase"; a or b; -word leaves it out',
            }
        ),
    )
    # The search box comes first on the page.
    field_order = ["q", "outlet", "start", "end"]  # Django's own attribute

    filter_fields: ClassVar[tuple[str, ...]] = ("q", "outlet", "start", "end")


class EventViewForm(forms.Form):
    """How the reading pages mark differences: the engine's differences of the kinds judged
    reliable (the default) or of every kind (``kinds=all``); or, on the event page, every
    word no other report uses (``words=all``, the strict word view)."""

    words = forms.ChoiceField(
        required=False,
        choices=[("", "the differences found"), ("all", "every word no other report uses")],
    )
    kinds = forms.ChoiceField(
        required=False,
        choices=[("", "the kinds judged reliable"), ("all", "every kind the engine finds")],
    )

    def strict(self) -> bool:
        return self.is_valid() and self.cleaned_data["words"] == "all"

    def all_kinds(self) -> bool:
        return self.is_valid() and self.cleaned_data["kinds"] == "all"


class ArticleFilterForm(EventFilterForm):
    """The articles list: the same filters, with words matched in titles and text and dates
    meaning the publication date."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Words",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Arakhamia"}),
    )
    start = forms.DateField(required=False, label="Published from", widget=DateInput)
    end = forms.DateField(required=False, label="to", widget=DateInput)


class MergedNoticeForm(forms.Form):
    """``?merged=<old id>``: set by the redirect from an event that was merged into this one."""

    merged = forms.IntegerField(required=False, min_value=1)

    def merged_into(self, event: Event) -> EventRedirect | None:
        """The retired event that now leads to ``event``, when the visitor came by its link."""
        if not self.is_valid() or not self.cleaned_data["merged"]:
            return None
        return EventRedirect.objects.filter(
            old_id=self.cleaned_data["merged"], target=event
        ).first()
