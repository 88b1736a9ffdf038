"""Form pieces every app's pages share: the date input and a validated period filter."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms

from newsdiff.lib.htmx import PageForm


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's date picker; the value stays ISO (YYYY-MM-DD)


class PeriodForm(PageForm):
    """A ``start``–``end`` filter; subclasses add fields and name them in ``filter_fields``."""

    start = forms.DateField(required=False, label="From", widget=DateInput)
    end = forms.DateField(required=False, label="To", widget=DateInput)

    filter_fields: ClassVar[tuple[str, ...]] = ("start", "end")

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
        return {key: data.get(key) for key in self.filter_fields if key not in self.errors}
