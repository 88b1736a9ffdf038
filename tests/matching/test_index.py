"""The process-level vector cache: grows with the table, reloads when rows go."""

from __future__ import annotations

import numpy as np
import pytest

from newsdiff.articles.models import Paragraph, ParagraphEmbedding
from newsdiff.matching.store.index import IndexTooLarge, vector_index
from tests.factories import make_article, make_embedding, make_paragraph, vector

pytestmark = pytest.mark.django_db
MODEL = "all-MiniLM-L6-v2"


def test_cache_follows_the_table() -> None:
    a = make_article(paragraphs=["one", "two"])
    p1, p2 = a.paragraphs.order_by("position")
    make_embedding(p1, vector(1))
    make_embedding(p2, vector(2))
    make_embedding(p2, vector(3), model_name="another-model")  # other models are not mixed in
    index = vector_index(MODEL)
    assert index.ids.tolist() == [p1.pk, p2.pk] and index.matrix.shape == (2, 384)

    b = make_article(paragraphs=["three"])
    p3 = b.paragraphs.get()
    make_embedding(p3, vector(1, 2))
    again = vector_index(MODEL)
    assert again is index and index.ids.tolist() == [p1.pk, p2.pk, p3.pk]  # appended
    assert index.article_of(p3.pk) == b.pk

    # Search: pairs of different articles over the threshold, from the query's side.
    assert index.neighbours([p3.pk], 0.5) == [(p3.pk, p1.pk), (p3.pk, p2.pk)]
    assert index.neighbours([p1.pk], 0.5) == [(p1.pk, p3.pk)]  # not its own article's p2

    ParagraphEmbedding.objects.filter(paragraph=p2).delete()  # shrank: read again
    assert vector_index(MODEL).ids.tolist() == [p1.pk, p3.pk]
    Paragraph.objects.filter(pk=p1.pk).update(kind=Paragraph.Kind.FURNITURE)
    ParagraphEmbedding.objects.filter(paragraph=p3).delete()
    make_embedding(p3, vector(4))  # rewritten (embed --force): new id, same count
    index = vector_index(MODEL)
    assert index.ids.tolist() == [p3.pk]  # furniture is never in the index
    assert np.allclose(index.vectors_of([p3.pk])[p3.pk], vector(4))


def test_refuses_past_the_memory_limit_with_a_clear_error(settings) -> None:
    settings.NEWSDIFF_MEMORY_INDEX_LIMIT = 2
    for _ in range(3):
        make_embedding(make_paragraph())
    with pytest.raises(IndexTooLarge, match=r"3 paragraph vectors .*NEWSDIFF_MEMORY_INDEX_LIMIT=2"):
        vector_index("all-MiniLM-L6-v2")
    settings.NEWSDIFF_MEMORY_INDEX_LIMIT = 3
    assert vector_index("all-MiniLM-L6-v2").count == 3
