"""insert_rows, update_rows: plain rows stored as bulk_create and bulk_update store them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from newsdiff.lib.rows import insert_rows, update_rows
from newsdiff.matching.models import Alignment, Event
from tests.support.factories import make_article, make_evidence

pytestmark = pytest.mark.django_db


def _stored(sql: str, params: list[object]) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def test_rows_are_stored_as_bulk_create_stores_them() -> None:
    paragraphs = [p for _ in range(3) for p in make_article(["One.", "Two."]).paragraphs.all()]
    event = Event.objects.create(label="E", created=timezone.now())
    when = timezone.make_aware(dt.datetime(2024, 3, 1, 12, 30))
    evidence = make_evidence()
    rows = [  # an int into the float column, a float, a missing event, a shared timestamp
        (paragraphs[0].pk, paragraphs[2].pk, event.pk, 1, evidence, when),
        (paragraphs[1].pk, paragraphs[3].pk, None, 0.25, evidence, when),
    ]
    Alignment.objects.bulk_create(
        Alignment(paragraph_a_id=a, paragraph_b_id=b, event_id=e, score=s, evidence=ev, created=c)
        for a, b, e, s, ev, c in rows
    )
    table = Alignment._meta.db_table
    columns = "paragraph_a_id, paragraph_b_id, event_id, score, evidence"  # created: auto_now_add
    query = f"SELECT {columns} FROM {table} ORDER BY id"
    expected = _stored(query, [])
    Alignment.objects.all().delete()
    fields = ("paragraph_a", "paragraph_b", "event", "score", "evidence", "created")
    insert_rows(Alignment, fields, rows)
    found = _stored(query, [])
    assert found == expected
    assert [type(r[3]) for r in found] == [float, float]  # 1 stored as 1.0, as bulk_create does
    assert [a.created for a in Alignment.objects.order_by("id")] == [when, when]
    assert [a.evidence for a in Alignment.objects.order_by("id")] == [evidence, evidence]


def test_rows_are_updated_as_bulk_update_updates_them() -> None:
    now = timezone.now()
    first, second, third = (Event.objects.create(label=f"E{i}", created=now) for i in range(3))
    when = timezone.make_aware(dt.datetime(2024, 3, 1, 12, 30))
    fields = ("label", "period_start", "period_end", "key_terms", "updated")
    values = [  # a date, no date, a JSON list, a shared timestamp
        (first.pk, "Talks", dt.date(2022, 3, 29), None, ["istanbul", "talks"], when),
        (second.pk, "Summit", None, None, [], when),
    ]
    for pk, *changed in values:
        Event.objects.filter(pk=pk).update(**dict(zip(fields, changed, strict=True)))
    query = f"SELECT label, period_start, period_end, key_terms, updated FROM {Event._meta.db_table} ORDER BY id"
    expected = _stored(query, [])
    Event.objects.filter(pk__in=[first.pk, second.pk]).update(label="", key_terms=["x"])
    update_rows(Event, fields, values)
    assert _stored(query, []) == expected
    events = {e.pk: e for e in Event.objects.all()}
    assert events[first.pk].key_terms == ["istanbul", "talks"] and events[first.pk].updated == when
    assert events[third.pk].label == "E2"  # a row not named is left alone
