import numpy as np
import pytest

from newsdiff.articles.fields import to_array
from newsdiff.articles.models import ParagraphEmbedding
from tests.factories import make_embedding, make_paragraph

pytestmark = pytest.mark.django_db


def test_vector_round_trips_exactly() -> None:
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    make_embedding(make_paragraph(), vector=vector)
    stored = ParagraphEmbedding.objects.get().vector
    assert isinstance(stored, np.ndarray) and stored.dtype == np.float32
    assert np.array_equal(stored, vector)


def test_to_array_reads_every_stored_form() -> None:
    values = np.array([0.5, -0.25], dtype=np.float32)
    assert np.array_equal(to_array(values.astype("<f4").tobytes()), values)
    assert np.array_equal(to_array("[0.5,-0.25]"), values)
    assert to_array(None) is None
