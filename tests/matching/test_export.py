"""export_events: the exact JSON shape, one CSV row per passage, and the command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsdiff.matching.export import CSV_COLUMNS, export_data, to_csv
from newsdiff.matching.service import rebuild
from tests.factories import make_article, make_embedding, make_paragraph, make_story, vector

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_outlets():
    # Furniture before the body must not shift the body's indices or appear anywhere.
    a = make_article(paragraphs=["Share this article"], source_file="a.txt")
    a.paragraphs.update(kind="furniture", reason="prompt")
    for position, text, hot in [
        (1, "Negotiators met in Istanbul on Tuesday, Arakhamia said.", 1),
        (2, "Unrelated weather news.", 2),
    ]:
        make_embedding(make_paragraph(article=a, position=position, text=text), vector(hot))
    b = make_story(
        ["Football scores from the weekend.", "Arakhamia said talks in Istanbul went on Tuesday."],
        [vector(3), vector(1)],
    )
    rebuild()
    return a, b


def test_json_shape_is_exact(two_outlets) -> None:
    a, b = two_outlets
    data = export_data()
    assert set(data) == {"articles", "events"}
    article = next(x for x in data["articles"] if x["id"] == a.pk)
    assert set(article) == {"id", "title", "outlet", "published", "source_file", "paragraphs"}
    assert article["source_file"] == "a.txt" and article["outlet"] == a.outlet.name
    assert article["published"] == a.published.isoformat()
    assert article["paragraphs"] == [
        {"index": 0, "text": "Negotiators met in Istanbul on Tuesday, Arakhamia said."},
        {"index": 1, "text": "Unrelated weather news."},
    ]
    assert next(x for x in data["articles"] if x["id"] == b.pk)["source_file"] is None
    [event] = data["events"]
    assert set(event) == {"id", "label", "period", "passages"}
    assert [set(p) for p in event["passages"]] == [
        {"article_id", "paragraph_index", "text", "score"}
    ] * 2
    by_article = {p["article_id"]: p for p in event["passages"]}
    # paragraph_index points into that article's "paragraphs".
    assert by_article[a.pk]["paragraph_index"] == 0 and by_article[b.pk]["paragraph_index"] == 1
    assert by_article[b.pk]["text"] == "Arakhamia said talks in Istanbul went on Tuesday."
    json.dumps(data)  # serialisable as it is


def test_csv_has_one_row_per_passage(two_outlets) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(export_data()))))
    assert len(rows) == 2 and list(rows[0]) == CSV_COLUMNS
    assert {r["paragraph_index"] for r in rows} == {"0", "1"}
    assert all(r["event_label"] and r["text"] for r in rows)


def test_command_writes_json_and_csv(two_outlets, tmp_path: Path, capsys) -> None:
    call_command("export_events", "--format", "json", "--output", str(tmp_path / "e.json"))
    assert json.loads((tmp_path / "e.json").read_text()) == export_data()
    call_command("export_events", "--format", "csv", "--output", str(tmp_path / "e.csv"))
    assert len((tmp_path / "e.csv").read_text().splitlines()) == 3
    call_command("export_events")  # JSON on standard output by default
    assert json.loads(capsys.readouterr().out)["events"][0]["passages"]
    with pytest.raises(CommandError, match="cannot write"):
        call_command("export_events", "--output", str(tmp_path / "missing" / "e.json"))
    with pytest.raises(CommandError):
        call_command("export_events", "--format", "xml")


def test_empty_database_exports_empty_lists() -> None:
    assert export_data() == {"articles": [], "events": []}


def test_paragraph_without_vector_is_exported_but_not_matched() -> None:
    a = make_story(["Istanbul talks, Arakhamia."], [vector(1)])
    extra = make_paragraph(article=a, text="Istanbul talks, Arakhamia, again.")
    b = make_story(["Arakhamia at the Istanbul talks."], [vector(1)])
    rebuild()
    data = export_data()
    assert [p["text"] for p in data["articles"][0]["paragraphs"]][-1] == extra.text
    assert extra.pk not in {m.paragraph_id for m in b.memberships.all()}
    make_embedding(extra, vector(1))
    rebuild()
    assert len(export_data()["events"][0]["passages"]) == 3
