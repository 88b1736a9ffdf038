"""Fitting values to their columns."""

from __future__ import annotations

from django.db import models
from django.db.models import Model


def fit(model: type[Model], field: str, value: str) -> str:
    """``value`` cut to the column's ``max_length``, read from the model so the two never
    drift apart."""
    max_length = getattr(model._meta.get_field(field), "max_length", None)
    return value[:max_length] if max_length else value


class LongTextField(models.TextField):  # type: ignore[type-arg]
    """A text column for long values full of quotes (stored JSON), bulk-inserted as plain rows
    (the stored analyses' columns were such until they were packed; their migrations name it).

    Django 5.2 bulk-inserts on PostgreSQL through ``UNNEST(%s::text[])``, and psycopg quotes a
    text array in Python, a regular-expression substitution per double quote: 34 ms for one
    60 KB article analysis, most of the cost of storing them. A field with a placeholder of its
    own opts out of UNNEST: each value is then a parameter of its own, quoted by libpq in C.
    """

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"


class PackedField(models.BinaryField):
    """A binary column for values ``lib.codec.pack`` compressed, bulk-inserted as plain rows:
    each value a parameter of its own, not one array built in Python."""

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"
