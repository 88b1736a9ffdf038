"""The filter the reading pages and the researchers' chart share: an outlet and a period."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from newsdiff.articles.models import Outlet
from newsdiff.lib.forms import PeriodForm
from newsdiff.lib.widgets import QuickSelect


class OutletPeriodForm(PeriodForm):
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"),
        required=False,
        empty_label="All outlets",
        widget=QuickSelect,
    )

    filter_fields: ClassVar[tuple[str, ...]] = ("outlet", "start", "end")
