"""The rows of a ``values_list`` queryset read in PostgreSQL's binary format.

Django's psycopg cursors bind parameters on the client and read every column as text: a
``bytea`` column then comes as hex, twice its size, and a long array of ids as a literal the
server parses again. The stored analyses a match reads are ~1 KB of bytes per paragraph,
hundreds of paragraphs per new article: read in binary with the ids bound on the server, the
paragraph rows of 30 articles took 5.1 ms instead of 8.7 (``bench/scale.py``'s archive).

Only for querysets of plain columns (ids, bytes, dates, text): the values come as psycopg
reads them, without the fields' ``from_db_value`` (none of those columns has one). The query
still goes through Django's cursor wrapper, so it is logged, counted and wrapped like any
other. Elsewhere (SQLite) it is ``list(queryset)``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


def binary_rows(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """``list(queryset)`` of a ``values_list`` queryset (of tuples, not ``flat``), read in
    binary on PostgreSQL."""
    if connection.vendor != "postgresql":
        return list(queryset)
    import psycopg

    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter nothing can match (``__in=[]``): Django asks nothing
        return []
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)  # binds on the server, unlike Django's
    raw.format = psycopg.pq.Format.BINARY  # what ``Connection.cursor(binary=True)`` sets
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:  # type: ignore[arg-type]  # (the stubs name the wrapper)
        cursor.execute(sql, params)
        return cursor.fetchall()
