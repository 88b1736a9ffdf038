"""The real model: dimension, normalisation, and that it tells paraphrase from unrelated."""

import numpy as np
import pytest
from django.core.management import call_command

from newsdiff.articles.embeddings import configured_model, default_model_path
from newsdiff.articles.models import ParagraphEmbedding
from tests.support.factories import make_article

pytestmark = pytest.mark.model


def test_default_model_is_the_bundled_one(settings) -> None:
    settings.NEWSDIFF_EMBEDDING_MODEL = ""
    assert configured_model() == default_model_path()
    assert isinstance(configured_model(), str)
    settings.NEWSDIFF_EMBEDDING_MODEL = "/models/other"
    assert configured_model() == "/models/other"


def test_vectors_are_384_unit_and_meaningful(encoder) -> None:
    texts = [
        "Russian and Ukrainian negotiators reached a draft peace deal at talks in Istanbul.",
        "At the Istanbul negotiations, Moscow and Kyiv's delegations agreed a provisional accord.",
        "Heavy rain flooded several streets in the city centre on Sunday morning.",
    ]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    paraphrase, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert paraphrase > unrelated + 0.3


def test_the_loaded_model_is_kept_out_of_full_garbage_collections(encoder) -> None:
    # A worker's full collections would otherwise walk the model's objects every few articles.
    import gc

    assert gc.get_freeze_count() > 100_000
    assert not any(o is encoder.model for o in gc.get_objects(generation=2))


@pytest.mark.django_db
def test_embed_command_fills_missing_and_force_recomputes(encoder) -> None:
    article = make_article(paragraphs=["Talks were held in Istanbul.", "A second paragraph."])
    call_command("embed")
    stored = {e.paragraph.text: e.vector for e in ParagraphEmbedding.objects.all()}
    assert len(stored) == 2
    expected = encoder.encode(["Talks were held in Istanbul."])[0]
    assert np.allclose(stored["Talks were held in Istanbul."], expected, atol=1e-5)
    call_command("embed")  # nothing missing: nothing rewritten
    assert ParagraphEmbedding.objects.count() == 2
    call_command("embed", "--force")
    assert ParagraphEmbedding.objects.filter(paragraph__article=article).count() == 2


def test_precision_auto_takes_bfloat16_only_where_the_cpu_computes_it(tmp_path) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from newsdiff.articles.embeddings import native_bfloat16, precision

    amx = tmp_path / "amx"
    amx.write_text("flags\t\t: fpu sse2 avx2 avx512f amx_bf16 amx_tile\n")
    plain = tmp_path / "plain"
    plain.write_text("flags\t\t: fpu sse2 avx2 avx512f avx512bw\n")
    assert native_bfloat16(str(amx)) and not native_bfloat16(str(plain))
    assert not native_bfloat16(str(tmp_path / "missing"))
    assert precision("auto") == ("bfloat16" if native_bfloat16() else "float32")
    assert precision("float32") == "float32" and precision("bfloat16") == "bfloat16"
    with pytest.raises(ImproperlyConfigured, match="NEWSDIFF_EMBEDDING_PRECISION='half'"):
        precision("half")


def test_bfloat16_vectors_are_the_float32_ones_to_four_places(encoder) -> None:
    # The stored vectors keep the model's name whatever precision made them: the two must be
    # interchangeable for the matcher, pair by pair.
    from pathlib import Path

    from newsdiff.articles.embeddings import SentenceTransformerEncoder, configured_model

    seeds = sorted((Path(__file__).parents[2] / "seeds" / "articles").glob("*.txt"))
    texts = [p for s in seeds for p in s.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    exact = SentenceTransformerEncoder(configured_model(), precision="float32").encode(texts)
    fast = SentenceTransformerEncoder(configured_model(), precision="bfloat16").encode(texts)
    assert fast.dtype == np.float32 and np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    assert float((exact * fast).sum(axis=1).min()) >= 0.9999
    # Every pair's cosine within 0.005 of its float32 one (0.0018 at most on the seeds): a
    # pair crosses a threshold of the matcher's only if it sits on it.
    assert float(np.abs(exact @ exact.T - fast @ fast.T).max()) < 0.005
