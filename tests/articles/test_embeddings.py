"""The real model: dimension, normalisation, and that it tells paraphrase from unrelated."""

import numpy as np
import pytest
from django.core.management import call_command

from newsdiff.articles.embeddings import configured_model, default_model_path
from newsdiff.articles.models import ParagraphEmbedding
from tests.factories import make_article

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
