from django.db import migrations

NAME = "articles_paragraph_text_fts"


def _index():  # type: ignore[no-untyped-def]
    from django.contrib.postgres.indexes import GinIndex

    from newsdiff.articles.models import text_search_vector

    # The same expression the events filter searches with, so PostgreSQL can use the index.
    return GinIndex(text_search_vector(), name=NAME)


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    # PostgreSQL only: full-text search over paragraphs. SQLite searches by substring.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Paragraph"), _index())


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_provenance")]
    operations = [migrations.RunPython(create_index, drop_index)]
