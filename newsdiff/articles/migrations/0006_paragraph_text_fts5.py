from django.db import migrations

# SQLite only: an FTS5 index of the paragraphs' text (Paragraph.matching), the counterpart of
# PostgreSQL's GIN index (0004). It holds no copy of the text ("external content"): triggers
# keep it in step with every write to articles_paragraph, bulk inserts and raw SQL included.
# The porter tokenizer stems English as PostgreSQL's "english" configuration does.
CREATE = [
    "CREATE VIRTUAL TABLE articles_paragraph_fts USING fts5("
    "text, content='articles_paragraph', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER articles_paragraph_fts_insert AFTER INSERT ON articles_paragraph BEGIN "
    "INSERT INTO articles_paragraph_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER articles_paragraph_fts_delete AFTER DELETE ON articles_paragraph BEGIN "
    "INSERT INTO articles_paragraph_fts(articles_paragraph_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER articles_paragraph_fts_update AFTER UPDATE OF text ON articles_paragraph "
    "BEGIN INSERT INTO articles_paragraph_fts(articles_paragraph_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO articles_paragraph_fts(rowid, text) VALUES (new.id, new.text); END",
    # The paragraphs stored before.
    "INSERT INTO articles_paragraph_fts(articles_paragraph_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS articles_paragraph_fts_insert",
    "DROP TRIGGER IF EXISTS articles_paragraph_fts_delete",
    "DROP TRIGGER IF EXISTS articles_paragraph_fts_update",
    "DROP TABLE IF EXISTS articles_paragraph_fts",
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_hnsw_ef_construction")]
    operations = [migrations.RunPython(create, drop)]
