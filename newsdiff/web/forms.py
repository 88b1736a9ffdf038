"""Query-parameter forms: every GET parameter a page reads is validated here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from newsdiff.articles.models import Outlet
from newsdiff.lib.htmx import PageForm
from newsdiff.lib.widgets import QuickSelect
from newsdiff.matching.models import Event, EventRedirect


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's date picker; the value stays ISO (YYYY-MM-DD)


class EventFilterForm(PageForm):
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
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"),
        required=False,
        empty_label="All outlets",
        widget=QuickSelect,
    )
    start = forms.DateField(required=False, label="From", widget=DateInput)
    end = forms.DateField(required=False, label="To", widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date is before the start date.")
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a bad field is reported and ignored, never a 500."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            key: data.get(key) for key in ("q", "outlet", "start", "end") if key not in self.errors
        }


class EventViewForm(forms.Form):
    """How the event page marks differences: in substance (the default) or word by word."""

    words = forms.ChoiceField(
        required=False,
        choices=[("", "differences in substance"), ("all", "every word no other report uses")],
    )

    def strict(self) -> bool:
        return self.is_valid() and self.cleaned_data["words"] == "all"


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
