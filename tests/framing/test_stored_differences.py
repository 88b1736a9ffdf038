"""The differences found ahead: after a match a task finds the differences of the events it
wrote and stores them (``engine.warm``); every web worker then reads them from the database,
and a changed passage or event is never served a stale answer."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsdiff.framing import engine
from newsdiff.framing.models import StoredDifferences
from newsdiff.matching.signals import events_written
from newsdiff.text import differences as text_engine
from newsdiff.text import passages
from tests.support.pages import istanbul_corpus

pytestmark = [pytest.mark.nlp, pytest.mark.django_db]


def refuse(*args, **kwargs):
    raise AssertionError("the engine ran: the stored differences were not read")


def test_warmed_differences_serve_the_pages_without_the_engine(client: Client, monkeypatch) -> None:
    corpus = istanbul_corpus()
    members = list(corpus.event.members.select_related("paragraph__article"))
    articles = {m.article_id for m in members}
    assert len(articles) >= 2
    pairs = engine.warm([corpus.event.pk])
    cross = sum(
        1 for i, a in enumerate(members) for b in members[i + 1 :] if a.article_id != b.article_id
    )
    assert pairs == cross == StoredDifferences.objects.count()
    expected = engine.pair_differences(
        [(m.paragraph, n.paragraph) for m in members[:1] for n in members[1:]]
    )

    # Another worker: nothing in its memory, and the engine must not run.
    engine.STORE.clear()
    monkeypatch.setattr(text_engine, "differences", refuse)
    monkeypatch.setattr(passages, "analyse", refuse)
    again = engine.pair_differences(
        [(m.paragraph, n.paragraph) for m in members[:1] for n in members[1:]]
    )
    assert again == expected and any(again)
    page = client.get(corpus.event.get_absolute_url(), {"kinds": "all"})
    assert page.status_code == 200 and "<mark" in page.content.decode()


def test_a_changed_passage_is_found_again(monkeypatch) -> None:
    corpus = istanbul_corpus()
    engine.warm([corpus.event.pk])
    a, b = corpus.paragraphs[0], corpus.paragraphs[2]
    before = engine.pair_differences([(a, b)])[0]
    b.text = b.text.replace("Lavrov", "Sergei Lavrov", 1)
    b.save()
    engine.STORE.clear()
    after = engine.pair_differences([(a, b)])[0]
    assert after != before
    # One row a pair, holding the newer answer.
    rows = StoredDifferences.objects.filter(
        paragraph_a=min(a.pk, b.pk), paragraph_b=max(a.pk, b.pk)
    )
    assert rows.count() == 1


def test_a_match_queues_the_events_it_wrote(settings, django_capture_on_commit_callbacks) -> None:
    settings.NEWSDIFF_WARM_DIFFERENCES = True
    corpus = istanbul_corpus()
    with django_capture_on_commit_callbacks(execute=True):
        events_written.send(sender=None, event_ids=[corpus.event.pk])
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("warm_differences")
    assert queued.args_kwargs["args"] == [[corpus.event.pk]]
    settings.NEWSDIFF_WARM_DIFFERENCES = False
    with django_capture_on_commit_callbacks(execute=True):
        events_written.send(sender=None, event_ids=[corpus.event.pk])
    assert DBTaskResult.objects.count() == 1


def test_stored_differences_are_keyed_by_every_text_module_and_the_encoder(settings) -> None:
    # A change to any module the engine reads (referents, word families, extents as much as
    # the engine's own) or to the model's precision finds a pair's differences afresh.
    names = {path.name for path in engine.engine_files()}
    assert {"differences.py", "referents.py", "extents.py", "derivation.py"} <= names
    assert "naming_model.json" in names
    corpus = istanbul_corpus()
    a, b = corpus.paragraphs[0], corpus.paragraphs[2]
    settings.NEWSDIFF_DIFFERENCES_ENCODER = True
    keys = set()
    for arithmetic in ("float32", "bfloat16"):
        settings.NEWSDIFF_EMBEDDING_PRECISION = arithmetic
        keys.add(engine._key(a, b, b""))
    assert len(keys) == 2
    settings.NEWSDIFF_DIFFERENCES_ENCODER = False
    off = {engine._key(a, b, b"")}
    settings.NEWSDIFF_EMBEDDING_PRECISION = "float32"
    assert off == {engine._key(a, b, b"")} and not off & keys
