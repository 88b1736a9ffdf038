"""Plain rows into a model's table in one ``executemany``.

``bulk_create`` builds a model instance per row (with its init signals) and compiles the
placeholders of every value of every row into its SQL: ~50 µs a row, a second for the 20,000
alignments that 300 copies of one story store. Rows that need neither (no id read back, no
signal, nothing computed on save) go in here as tuples, each value prepared for the database
by its field as ``bulk_create`` prepares it. SQLite and PostgreSQL alike.

Preparing each value through its field is most of the cost once the instances are gone (a
third of a second for those 20,000 rows), and for most values it changes nothing: an ``int``
into an integer column or a foreign key, a ``float`` into a float column, on a backend that
passes them as they are (``_passes``). Those go in unprepared; every other value is prepared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, FloatField, ForeignKey, IntegerField, Model


def insert_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    conflict: Sequence[str] = (),
    update: Sequence[str] = (),
) -> None:
    """Insert ``rows`` (values in the order of ``fields``, field names as the model names them:
    ``paragraph`` takes the paragraph's id) into ``model``'s table. ``conflict``: the unique
    fields whose clash updates the row's ``update`` fields instead (an upsert, as
    ``bulk_create(update_conflicts=True)``). Fields left out take their column's default."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = [_field(model, f) for f in fields]
    names = ", ".join(quote(c.column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"
    if conflict:
        keys = ", ".join(quote(_field(model, f).column) for f in conflict)
        sets = [quote(_field(model, f).column) for f in update]
        what = ", ".join(f"{c} = EXCLUDED.{c}" for c in sets) if sets else ""
        sql += f" ON CONFLICT ({keys}) " + (f"DO UPDATE SET {what}" if what else "DO NOTHING")
    preparers = [_preparer(f) for f in columns]
    prepared = [[prep(value) for prep, value in zip(preparers, row, strict=True)] for row in rows]
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)


def update_rows(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Set ``fields`` of the rows of ``model`` whose primary key is each row's first value
    (then the values in the order of ``fields``), prepared as ``insert_rows`` prepares them.
    What ``bulk_update`` does without its ``CASE WHEN`` per field and row: compiling that took
    ~13 ms for the ~20 events a new article touches; this is one short statement, executed
    for each row."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = [_field(model, f) for f in fields]
    sets = ", ".join(f"{quote(c.column)} = %s" for c in columns)
    key = meta.pk
    assert key is not None
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(key.column)} = %s"
    preparers = [_preparer(f) for f in columns]
    prepared = [
        [*(prep(value) for prep, value in zip(preparers, values, strict=True)), pk]
        for pk, *values in rows
    ]
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)


def _field(model: type[Model], name: str) -> Field:  # type: ignore[type-arg]
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


IMMUTABLE = (dt.date, str)  # datetimes are dates


def _preparer(field: Field) -> Callable[[object], Any]:  # type: ignore[type-arg]
    """The field's preparation of a value for the database, without the call where it would
    give the value back unchanged; an immutable value's preparation kept for the next row (a
    timestamp shared by every row is converted once)."""
    plain = _passes(field)
    last: list[object] = [object(), None]  # (value, prepared): the object() matches nothing

    def prepare(value: object) -> Any:  # what the database driver takes
        if plain is not None and (value is None or type(value) is plain):
            return value
        if value is last[0]:
            return last[1]
        prepared = field.get_db_prep_save(value, connection)
        if isinstance(value, IMMUTABLE):
            last[:] = value, prepared
        return prepared

    return prepare


def _passes(field: Field) -> type | None:  # type: ignore[type-arg]
    """The type (``int`` or ``float``) whose values ``field`` prepares into themselves on this
    connection, if any: integer and float columns and foreign keys to an integer key, when the
    backend's adaptation keeps a number as it is (PostgreSQL wraps integers in a type of its
    own: there every integer is prepared)."""
    target = field.target_field if isinstance(field, ForeignKey) else field
    if isinstance(target, IntegerField):  # AutoField and BigAutoField are IntegerFields too
        probe: object = 12345
    elif isinstance(target, FloatField):
        probe = 0.5
    else:
        return None
    kind = type(probe)
    prepared = field.get_db_prep_save(probe, connection)
    return kind if type(prepared) is kind and prepared == probe else None
