from django.db import migrations


def create_index(apps, schema_editor):
    # PostgreSQL only: an HNSW index for cosine distance. SQLite searches vectors in process.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS articles_embedding_hnsw ON articles_paragraphembedding "
            "USING hnsw (vector vector_cosine_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS articles_embedding_hnsw")


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
