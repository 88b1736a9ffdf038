"""``field IN (...)`` for long lists of ids, as one array parameter on PostgreSQL.

Django writes ``filter(x__in=ids)`` with a placeholder and a prepared parameter per id, and
psycopg then parses that SQL again for each new length of list: matching one new article runs a
dozen such queries with ~1,000 ids each, and building them cost more than running them.
``AnyOf("x", ids)`` is the same filter written ``x = ANY(%s)`` with the ids as one array on
PostgreSQL (which reads ``IN`` as that anyway); elsewhere it is ``IN``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F
from django.db.models.expressions import Combinable
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Expression):
    """True where the field ``name`` (a lookup path: ``"event__members__paragraph_id"``) holds
    one of ``ids``; a condition for ``filter``, ``Q`` and ``|``."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, name: str, ids: Iterable[int]) -> None:
        super().__init__()
        self.target: Any = F(name)
        self.ids = [int(i) for i in ids]

    def get_source_expressions(self) -> list[Any]:
        return [self.target]

    def set_source_expressions(self, exprs: Sequence[Combinable | Expression]) -> None:
        (self.target,) = exprs

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.target)
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(%s)", [*params, self.ids]
        if not self.ids:
            return "1 = 0", list(params)
        return f"{sql} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]
