"""Operations on stored articles that are more than one query."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from newsdiff.articles.embeddings import Encoder
from newsdiff.articles.models import Paragraph, ParagraphEmbedding

BATCH = 512


def embed_paragraphs(
    encoder: Encoder, *, force: bool = False, progress: Callable[[int], None] | None = None
) -> int:
    """(Re)compute body-paragraph embeddings for ``encoder``; returns how many were written."""
    todo = Paragraph.objects.body()
    if not force:
        todo = todo.missing_embedding(encoder.name)
    ids = list(todo.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(Paragraph.objects.filter(id__in=ids[start : start + BATCH]).order_by("id"))
        vectors = encoder.encode([p.text for p in batch])
        with transaction.atomic():
            ParagraphEmbedding.objects.filter(paragraph__in=batch, model_name=encoder.name).delete()
            ParagraphEmbedding.objects.bulk_create(
                ParagraphEmbedding(paragraph=p, model_name=encoder.name, vector=v)
                for p, v in zip(batch, vectors, strict=True)
            )
        if progress:
            progress(len(batch))
    return len(ids)
