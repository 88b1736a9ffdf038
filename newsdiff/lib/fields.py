"""Fitting values to their columns."""

from __future__ import annotations

from django.db.models import Model


def fit(model: type[Model], field: str, value: str) -> str:
    """``value`` cut to the column's ``max_length``, read from the model so the two never
    drift apart."""
    max_length = getattr(model._meta.get_field(field), "max_length", None)
    return value[:max_length] if max_length else value
