from django.db import migrations

# The HNSW graph built with ef_construction = 128 (pgvector's default is 64): at a million
# paragraphs it finds 99.9% of what exact search finds at hnsw.ef_search 120, where the default
# graph found 96.2% at 200 and its queries took longer (bench/scale.py; docs/scale.md).
BUILD = (
    "CREATE INDEX {name} ON articles_paragraphembedding "
    "USING hnsw (vector vector_cosine_ops) WITH (m = 16, ef_construction = {ef})"
)


def _options(schema_editor) -> list[str] | None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'articles_embedding_hnsw'"
        )
        row = cursor.fetchone()
    return None if row is None else list(row[0] or [])


def rebuild(apps, schema_editor, ef: int = 128) -> None:
    # PostgreSQL only. An index already built this way (say beforehand, CONCURRENTLY, to keep
    # the table writable meanwhile: docs/scale.md) is kept: rebuilding a million takes ~20 minutes.
    if schema_editor.connection.vendor != "postgresql":
        return
    options = _options(schema_editor)
    if options is not None and f"ef_construction={ef}" in options:
        return
    schema_editor.execute("DROP INDEX IF EXISTS articles_embedding_hnsw")
    schema_editor.execute(BUILD.format(name="articles_embedding_hnsw", ef=ef))


def back(apps, schema_editor) -> None:
    rebuild(apps, schema_editor, ef=64)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_paragraph_text_fts")]
    operations = [migrations.RunPython(rebuild, back)]
