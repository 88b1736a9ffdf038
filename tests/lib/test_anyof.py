"""AnyOf: the rows whose field holds one of the ids, through joins, as ``__in`` finds them."""

from __future__ import annotations

import pytest
from django.db.models import Q

from newsdiff.articles.models import Paragraph
from newsdiff.lib.anyof import AnyOf
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def test_finds_what_in_finds_through_joins_and_or() -> None:
    first, second, third = (make_article(paragraphs=["One.", "Two."]) for _ in range(3))
    paragraphs = list(Paragraph.objects.order_by("id").values_list("id", flat=True))
    wanted = [paragraphs[0], paragraphs[3], 10**9]  # an id nothing has
    got = Paragraph.objects.filter(AnyOf("id", wanted)).values_list("id", flat=True)
    assert sorted(got) == [paragraphs[0], paragraphs[3]]
    by_article = Paragraph.objects.filter(AnyOf("article__id", [second.pk]))
    assert set(by_article.values_list("article_id", flat=True)) == {second.pk}
    either = Paragraph.objects.filter(AnyOf("article_id", [first.pk]) | Q(article_id=third.pk))
    assert set(either.values_list("article_id", flat=True)) == {first.pk, third.pk}


def test_no_ids_find_nothing() -> None:
    make_article(paragraphs=["One."])
    assert not Paragraph.objects.filter(AnyOf("id", [])).exists()
    assert Paragraph.objects.exclude(AnyOf("id", [])).exists()
