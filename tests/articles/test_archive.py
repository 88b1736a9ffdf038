"""Moving an archive: export_archive / import_archive keep every row of every model."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from newsdiff.articles.models import Article
from tests import stack
from tests.archive_rows import dump
from tests.factories import make_article, make_embedding, make_outlet, make_user

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def some_archive() -> None:
    """A little of everything: an article with odd bytes, vectors, a user in a role."""
    article = make_article(
        paragraphs=["Talks resumed in Istanbul.", "A second paragraph."],
        original=b"\x00\xffraw bytes \xe2\x80\x94 kept as uploaded",
    )
    for paragraph in article.paragraphs.all():
        make_embedding(paragraph)
    make_user("admin", username="ana").groups.add(Group.objects.get(name="journalist"))


def test_round_trip_keeps_every_row_and_the_sequences_move_on(tmp_path: Path) -> None:
    some_archive()
    before = dump()
    path = tmp_path / "archive.jsonl.gz"
    call_command("export_archive", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert Article.objects.count() == 0
    call_command("import_archive", str(path), verbosity=0)
    assert dump() == before
    vector = Article.objects.get().paragraphs.first().embeddings.get().vector
    assert vector.dtype == np.float32 and vector.shape == (384,)
    # New rows get fresh ids (PostgreSQL's sequences were moved past the imported ones).
    assert make_outlet().pk > Article.objects.get().outlet_id


def test_import_refuses_a_database_that_holds_data(tmp_path: Path) -> None:
    some_archive()
    path = tmp_path / "archive.jsonl.gz"
    call_command("export_archive", str(path), verbosity=0)
    with pytest.raises(CommandError, match=r"not empty: articles.article \(1 rows\)"):
        call_command("import_archive", str(path), verbosity=0)
    assert Article.objects.count() == 1


def rewrite(path: Path, change) -> None:
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    with gzip.open(path, "wt") as out:
        out.write("\n".join(change(lines)) + "\n")


def test_import_refuses_another_version(tmp_path: Path) -> None:
    path = tmp_path / "archive.jsonl.gz"
    call_command("export_archive", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    def newer(lines: list[str]) -> list[str]:
        header = json.loads(lines[0])
        header["migrations"].append("articles.0099_from_the_future")
        return [json.dumps(header), *lines[1:]]

    rewrite(path, newer)
    with pytest.raises(CommandError, match=r"version mismatch: .*articles.0099_from_the_future"):
        call_command("import_archive", str(path), verbosity=0)


def test_a_truncated_archive_writes_nothing(tmp_path: Path) -> None:
    some_archive()
    path = tmp_path / "archive.jsonl.gz"
    call_command("export_archive", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    rewrite(path, lambda lines: lines[:-5])  # the trailer and the last rows are gone
    with pytest.raises(CommandError, match="truncated or damaged"):
        call_command("import_archive", str(path), verbosity=0)
    assert Article.objects.count() == 0 and Group.objects.filter(name="admin").exists()


def rows_of(env: dict[str, str]) -> dict[str, list[list[object]]]:
    done = subprocess.run(
        [sys.executable, "tests/archive_rows.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


SOURCE_EXTRAS = """
from django.contrib.auth.models import Group, User
from newsdiff.articles.models import Article
from newsdiff.uploads.models import Batch, BatchItem
admin = User.objects.get(username="admin")
reader = User.objects.create_user("reader", password="x")
reader.groups.add(Group.objects.get(name="journalist"))
batch = Batch.objects.create(created_by=admin, label="2 files")
article = Article.objects.first()
BatchItem.objects.create(batch=batch, position=0, name="a.txt", original=article.original,
                         size=len(article.original), state="done", article=article)
BatchItem.objects.create(batch=batch, position=1, name="b.bin", original=b"\\x00\\x01",
                         size=2, state="failed", error="looks like a binary file, not text")
"""


@pytest.mark.stack
def test_seeded_sqlite_archive_moves_to_postgres_row_by_row() -> None:
    with stack.scratch("archive") as tmp_path:
        move_and_compare(tmp_path)


def move_and_compare(tmp_path: Path) -> None:
    archive = tmp_path / "archive.jsonl.gz"
    source = stack.production_env(f"sqlite:///{tmp_path / 'source.sqlite3'}", 0)
    stack.manage(source, "migrate", "--no-input")
    stack.manage(source, "ingest", "--manifest", "seeds/manifest.json")
    stack.manage(source, "ensure_admin")
    stack.manage(source, "shell", "-c", SOURCE_EXTRAS)
    stack.manage(source, "export_archive", str(archive))
    with stack.postgres(tmp_path / "pg") as (_, database_url):
        target = stack.production_env(database_url, 0)
        stack.manage(target, "migrate", "--no-input")
        stack.manage(target, "import_archive", str(archive))
        moved, kept = rows_of(target), rows_of(source)
        assert sorted(moved) == sorted(kept)
        for label in kept:
            assert len(moved[label]) == len(kept[label]), label
            for row, (ours, theirs) in enumerate(zip(moved[label], kept[label], strict=True)):
                assert ours == theirs, f"{label} row {row}"
        counts = {label: len(rows) for label, rows in kept.items()}
        assert (
            counts["articles.article"] == 5 and counts["articles.paragraphembedding"] == 59 + 5
        )  # body, headlines
        assert counts["matching.event"] > 0 and counts["matching.alignment"] > 0
        assert counts["auth.user_groups"] == 2 and counts["uploads.batchitem"] == 2
        # Sequences moved on: a new row does not collide with an imported id.
        stack.manage(
            target,
            "shell",
            "-c",
            "from newsdiff.articles.models import Outlet; Outlet.objects.create(name='New outlet')",
        )
        with pytest.raises(RuntimeError, match="not empty"):
            stack.manage(target, "import_archive", str(archive))
