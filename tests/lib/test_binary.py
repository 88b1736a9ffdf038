"""binary_rows: the rows Django reads, read in binary on PostgreSQL, counted like any query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from newsdiff.lib.anyof import AnyOf
from newsdiff.lib.binary import binary_rows
from newsdiff.matching.models import ArticleAnalysis, ParagraphAnalysis, ParagraphSurface
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def test_gives_the_rows_django_gives_bytes_dates_nulls_and_joins(
    django_assert_num_queries,
) -> None:
    article = make_article(["One.", "Two.", "Three."], published=dt.date(2022, 3, 29))
    head = ArticleAnalysis.objects.create(article=article, version="v", digest="d", data=b"")
    data = [b"\x00\xff'\"\\ bytes", b"", b"x" * 5000]  # NUL, quotes, empty, long
    paragraphs = list(article.paragraphs.order_by("position"))
    for paragraph, packed in zip(paragraphs, data, strict=True):
        ParagraphAnalysis.objects.create(paragraph=paragraph, article=head, data=packed)
    ParagraphSurface.objects.create(analysis_id=paragraphs[0].pk, forms=b"\x01forms")
    ids = [p.pk for p in paragraphs] + [10**12]  # beyond int4, and matching nothing
    query = (
        ParagraphAnalysis.objects.filter(AnyOf("paragraph_id", ids))
        .order_by("paragraph_id")
        .values_list("paragraph_id", "data", "surface__forms", "article__article__published")
    )
    with django_assert_num_queries(1):
        rows = binary_rows(query)
    assert [tuple(r) for r in rows] == [tuple(r) for r in query]
    assert [bytes(d) for _, d, _, _ in rows] == data
    assert [bytes(f) if f is not None else None for _, _, f, _ in rows] == [
        b"\x01forms",
        None,
        None,
    ]
    assert {r[3] for r in rows} == {dt.date(2022, 3, 29)}
    for nothing in (AnyOf("paragraph_id", []), Q(paragraph_id__in=[])):  # Django asks nothing
        assert binary_rows(ParagraphAnalysis.objects.filter(nothing).values_list("pk")) == []
