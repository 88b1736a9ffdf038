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


def test_column_type_follows_the_database() -> None:
    """One field: float32 bytes on SQLite, a pgvector column with an HNSW index on PostgreSQL."""
    from django.db import connection

    field = ParagraphEmbedding._meta.get_field("vector")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assert field.db_type(connection) == "vector(384)"
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_embedding_hnsw'"
            )
            assert "hnsw" in cursor.fetchone()[0]
            # Nearest neighbour by cosine distance in the database.
            near = np.zeros(384, dtype=np.float32)
            near[0] = 1
            far = np.zeros(384, dtype=np.float32)
            far[1] = 1
            a = make_embedding(make_paragraph(), vector=near)
            make_embedding(make_paragraph(), vector=far)
            cursor.execute(
                "SELECT id FROM articles_paragraphembedding ORDER BY vector <=> %s::vector LIMIT 1",
                ["[" + ",".join(["0.9", "0.1"] + ["0"] * 382) + "]"],
            )
            assert cursor.fetchone()[0] == a.pk
        else:
            assert field.db_type(connection) == "BLOB"
