"""Stored article analyses: read when valid, made again when stale, never a different result."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.management import call_command

from newsdiff.lib import codec
from newsdiff.matching import service
from newsdiff.matching.core.features import ArticleInput, analyse_article
from newsdiff.matching.core.params import DEFAULT_WEIGHTS, FIRST_STAGE_PARAMS, PAIR_PARAMS
from newsdiff.matching.core.sketch import Head, Sketch, Sketches, sketch
from newsdiff.matching.models import (
    Alignment,
    ArticleAnalysis,
    Event,
    ParagraphAnalysis,
    ParagraphSurface,
)
from newsdiff.matching.service import align_articles, rebuild, store_analyses
from newsdiff.matching.store import analyses
from tests.support.factories import make_article, make_story, unit, vector

# Transactional: analyses are stored once the matching transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = (
    "Negotiators met in Istanbul on 29 March 2022, and Arakhamia signed the 14,000 draft.",
    "The West, however, has rejected the demands.",
)


def article_input(texts: tuple[str, ...] = TEXTS) -> ArticleInput:
    article = make_article(list(texts))
    body = tuple(article.paragraphs.order_by("position").values_list("id", "text"))
    return ArticleInput(article.pk, "Harbor Wire", dt.date(2022, 3, 30), body)


def same(a, b) -> bool:  # type: ignore[no-untyped-def]
    """Equal analyses, surface forms included (``Features`` leaves them out of ``==``)."""
    surfaces = all(a.paragraphs[p].surface == b.paragraphs[p].surface for p in a.paragraphs)
    return a == b and surfaces


def no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading must not analyse again."""

    def fail(*args: object) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(analyses, "analyse_article", fail)


def test_an_analysis_survives_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    article = article_input()
    fresh = analyse_article(article)
    assert fresh.paragraphs[article.paragraphs[1][0]].when == "inherited"
    # The article's names and quantities, for the article context without every paragraph.
    assert fresh.names == frozenset().union(*(f.entities for f in fresh.paragraphs.values()))
    assert "arakhamia" in fresh.names and "14000" in fresh.numbers
    assert same(analyses.analysed([article], ())[article.id], fresh)  # analysed and stored
    assert ParagraphAnalysis.objects.filter(article_id=article.id).count() == 2
    # The terms as written, in a table of their own (a bound never reads them).
    surfaces = ParagraphSurface.objects.filter(analysis__article_id=article.id)
    assert surfaces.count() == 2
    no_analysis(monkeypatch)
    assert same(analyses.analysed([article], ())[article.id], fresh)  # read back
    analyses.forget([article.id])
    assert not surfaces.exists()


def test_a_bounding_read_holds_the_wanted_paragraphs_whole(monkeypatch) -> None:
    article = article_input()
    fresh = analyses.analysed([article], ())[article.id]
    no_analysis(monkeypatch)
    first, second = (pid for pid, _ in article.paragraphs)
    part = analyses.analysed([article], (), wanted={second})[article.id]
    assert list(part.paragraphs) == [second] and part.paragraphs[second] == fresh.paragraphs[second]
    f = fresh.paragraphs[second]
    # The counts of its own terms in the whole article, which its pairs' weights need.
    assert dict(part.df) == {t: fresh.df[t] for t in f.terms | f.entities | f.phrases}
    assert (part.published, part.recalls) == (fresh.published, False)
    # The whole article's names and quantities: what bounds its article model's logit.
    assert (part.names, part.numbers) == (fresh.names, fresh.numbers) and part.names
    assert first in fresh.paragraphs and first not in part.paragraphs
    # Nor the terms as written: no bound shows evidence (they are a table of their own).
    assert fresh.paragraphs[second].surface and not part.paragraphs[second].surface


def test_counts_are_stored_where_a_term_recurs_and_read_as_paragraphs_are_read(monkeypatch) -> None:
    article = article_input(
        (
            "Arakhamia met Medinsky in Istanbul.",
            "Arakhamia signed the draft in Istanbul.",
            "Sport results.",
        )
    )
    fresh = analyse_article(article)
    assert fresh.df["arakhamia"] == 2 and fresh.df["draft"] == 1
    analyses.analysed([article], ())
    second = article.paragraphs[1][0]
    stored = ParagraphAnalysis.objects.get(pk=second).data
    assert codec.unpack(analyses.StoredParagraph, stored).df == {"arakhamia": 2, "istanbul": 2}
    no_analysis(monkeypatch)
    read = analyses.analysed([article], ())[article.id]
    # A paragraph is decoded when first read, and its terms' counts are in the article's then.
    assert not read.df
    first = read.paragraphs[article.paragraphs[0][0]]
    assert {t: read.df[t] for t in first.terms | first.entities} == {
        t: fresh.df[t] for t in first.terms | first.entities
    }
    assert read.paragraphs == fresh.paragraphs and read.df == fresh.df
    part = analyses.bounding({second}, ())[article.id]
    assert list(part.paragraphs) == [second] and part.paragraphs[second]
    assert dict(part.df) == {"arakhamia": 2, "istanbul": 2, "draft": 1, "signed": 1}


def test_a_valid_stored_analysis_is_read_not_made_again(monkeypatch) -> None:
    article = article_input()
    analyses.analysed([article], ())
    # Stored with other content under the same version and digest: that is what is read.
    other = analyse_article(
        ArticleInput(article.id, "X", None, [(p, "Sport results.") for p, _ in article.paragraphs])
    )
    analyses.save([analyses.rows(other, analyses.version(()), analyses.digest(article))])
    no_analysis(monkeypatch)
    read = analyses.analysed([article], ())[article.id]
    assert read.paragraphs == other.paragraphs and read.df == other.df


def test_a_bounding_read_reads_no_texts_and_gives_what_analysed_gives(
    monkeypatch, django_assert_num_queries
) -> None:
    article = make_article(list(TEXTS), published=dt.date(2022, 3, 30))
    first, second = article.paragraphs.order_by("position").values_list("id", flat=True)
    read = service._articles([article.pk])[0][0]  # as matching reads it
    analyses.analysed([read], ())
    no_analysis(monkeypatch)
    expected = analyses.analysed([read], (), wanted={second})[article.pk]
    with django_assert_num_queries(2):  # the paragraphs' rows, then their articles'
        assert analyses.bounding({second}, ()) == {article.pk: expected}
    both = analyses.analysed([read], (), wanted={first, second})[article.pk]
    assert analyses.bounding({first, second}, ()) == {article.pk: both}

    ArticleAnalysis.objects.update(version="older")  # another version: not read
    assert analyses.bounding({second}, ()) == {}


@pytest.mark.parametrize("edit", ["paragraph", "article"])
def test_an_edit_drops_the_stored_analysis(edit: str) -> None:
    article = make_article(list(TEXTS))
    read = service._articles([article.pk])[0][0]
    analyses.analysed([read], ())
    pid = read.paragraphs[1][0]
    assert analyses.bounding({pid}, ())
    if edit == "paragraph":
        paragraph = article.paragraphs.get(pk=pid)
        paragraph.text = "Sport results."
        paragraph.save()
    else:
        article.published = dt.date(2021, 1, 1)
        article.save()
    assert analyses.bounding({pid}, ()) == {}
    assert not ArticleAnalysis.objects.filter(article_id=article.pk).exists()


@pytest.mark.parametrize("stale", ["version", "digest", "headline", "paragraph row"])
def test_a_stale_analysis_is_made_again_and_replaced(stale: str) -> None:
    article = article_input()
    analyses.analysed([article], ())
    ParagraphAnalysis.objects.update(data=b"[]")  # read, it would fail
    if stale == "version":  # other analysis code (or time anchors) stored it
        ArticleAnalysis.objects.update(version="older code")
    elif stale == "digest":  # the article changed since
        article = dataclasses.replace(article, paragraphs=article.paragraphs[1:])
    elif stale == "headline":  # its first paragraph is now known to be its headline
        article = dataclasses.replace(article, headline=article.paragraphs[0][0])
    else:  # a row lost (a paragraph deleted and its article not analysed again yet)
        ParagraphAnalysis.objects.filter(paragraph_id=article.paragraphs[0][0]).delete()
    fresh = analyse_article(article)
    assert same(analyses.analysed([article], ())[article.id], fresh)
    row = ArticleAnalysis.objects.get()
    assert row.version == analyses.version(()) and row.digest == analyses.digest(article)
    stored = set(ParagraphAnalysis.objects.values_list("paragraph_id", flat=True))
    assert stored == {pid for pid, _ in article.paragraphs}
    assert same(analyses.analysed([article], ())[article.id], fresh)  # the new rows read back


def test_missing_and_stale_analyses_are_backfilled(capsys) -> None:
    stories = [make_story([t], [vector(1)]) for t in TEXTS]
    make_article(paragraphs=["Not embedded yet."])
    assert store_analyses() == 3
    assert ArticleAnalysis.objects.count() == 3 and store_analyses() == 0
    ArticleAnalysis.objects.filter(article=stories[0]).update(version="older code")
    call_command("analyse")
    assert "1 article analyses stored" in capsys.readouterr().out
    assert ArticleAnalysis.objects.filter(version="older code").count() == 0


def results() -> set[tuple]:
    return {
        (a.paragraph_a_id, a.paragraph_b_id, a.score, str(a.evidence))
        for a in Alignment.objects.all()
    } | {(e.label, e.period_label, tuple(e.key_terms)) for e in Event.objects.all()}


NO_CONTEXT = dataclasses.replace(DEFAULT_WEIGHTS, article_lift=0.0, article_veto=0.0)
NO_ARTICLES = dataclasses.replace(FIRST_STAGE_PARAMS, weights=NO_CONTEXT)


@pytest.mark.parametrize("params", [FIRST_STAGE_PARAMS, NO_ARTICLES, PAIR_PARAMS])
def test_matching_on_stored_analyses_gives_what_fresh_analyses_give(params, monkeypatch) -> None:
    monkeypatch.setattr(service, "DEFAULT_PARAMS", params)
    a = make_story(list(TEXTS), [vector(1), vector(2)], published=dt.date(2022, 3, 30))
    b = make_story(
        ["Arakhamia signed in Istanbul on 29 March 2022, with 14,000 on the draft.", "Sport."],
        [vector(1), vector(3)],
        published=dt.date(2022, 3, 31),
    )
    align_articles([a.pk, b.pk])
    assert set(ArticleAnalysis.objects.values_list("article_id", flat=True)) == {a.pk, b.pk}
    stored = results()
    assert Alignment.objects.exists()
    rebuild()  # reads the stored analyses
    assert results() == stored
    ArticleAnalysis.objects.all().delete()
    rebuild()  # analyses afresh (and stores again)
    assert results() == stored and ArticleAnalysis.objects.count() == 2


def test_stored_analyses_are_written_as_rows_and_read_back_byte_for_byte() -> None:
    """Packed analyses are any bytes (NUL, quotes, backslashes): written exactly, and on
    PostgreSQL not through ``UNNEST(...[])``, whose array quoting in Python cost 34 ms per
    analysis when they were JSON text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = [b'\x00["a \\"quoted\\" \\\\ word"]\xff', codec.pack(["\u00ff", {"k": "\\"}])]
    article = make_article(["One.", "Two."])
    head = ArticleAnalysis(article=article, version="v", digest="d", data=data[0])
    rows = [
        ParagraphAnalysis(paragraph=p, article_id=article.pk, data=text)
        for p, text in zip(article.paragraphs.order_by("position"), data, strict=True)
    ]
    surfaces = [
        ParagraphSurface(analysis_id=r.paragraph_id, forms=text)
        for r, text in zip(rows, data[::-1], strict=True)
    ]
    with CaptureQueriesContext(connection) as queries:
        analyses.save([(head, rows, surfaces)])
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert len(inserts) == 3 and not any("UNNEST" in sql for sql in inserts)
    assert ArticleAnalysis.objects.get().data == data[0]
    assert list(ParagraphAnalysis.objects.order_by("pk").values_list("data", flat=True)) == data
    forms = ParagraphSurface.objects.order_by("pk").values_list("forms", flat=True)
    assert list(forms) == data[::-1]


def test_a_sketch_survives_storage_and_is_read_without_the_analysis(
    django_assert_num_queries,
) -> None:
    article = make_article(list(TEXTS), published=dt.date(2022, 3, 30))
    read = service._articles([article.pk])[0][0]
    fresh = analyses.analysed([read], ())[article.pk]
    ids = {p for p, _ in read.paragraphs}
    with django_assert_num_queries(2):  # the paragraphs' rows, then their articles'
        heads, found = analyses.sketches(ids, ())
    assert {p: found.get(p) for p in found.rows} == {
        p: sketch(f) for p, f in fresh.paragraphs.items()
    }
    assert heads == {article.pk: Head(dt.date(2022, 3, 30), False)}
    dated = found.get(read.paragraphs[0][0])
    assert dated is not None
    assert dated.when == "stated" and dated.context and dated.numbers  # 29 March 2022, 14,000
    empty = Sketch(frozenset(), frozenset(), frozenset(), "", ())
    assert analyses._unpacked([(7, analyses.pack_sketch(empty))]).get(7) == empty

    ArticleAnalysis.objects.update(version="older")  # another version: not read
    heads, found = analyses.sketches(ids, ())
    assert heads == {} and len(found) == 0


@pytest.mark.parametrize("sketched", [True, False], ids=["sketches", "no sketches"])
def test_a_distant_neighbour_is_dropped_on_its_sketch(
    sketched: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Talks of October 2021 next to two reports of the March 2022 ones: its pair with them
    cannot link (its dates disagree) and is dropped on its sketch, without reading its analysis;
    what is matched is the same without sketches."""
    old = make_story(
        ["Talks in Istanbul on 29 October 2021 ended without a deal, Arakhamia said."],
        [unit(1.0, 0.9)],
        published=dt.date(2021, 10, 30),
    )
    align_articles([old.pk])
    if not sketched:
        monkeypatch.setattr(analyses, "sketches", lambda wanted, anchors: ({}, Sketches()))
    read: set[int] = set()
    bounding = analyses.bounding

    def recorded(wanted, anchors):  # type: ignore[no-untyped-def]
        read.update(wanted)
        return bounding(wanted, anchors)

    monkeypatch.setattr(analyses, "bounding", recorded)
    texts = [
        "Negotiators met in Istanbul on 29 March 2022 and Arakhamia signed the draft.",
        "In Istanbul on 29 March 2022 the delegations agreed a draft, Arakhamia said.",
    ]
    new = [
        make_story([text], [unit(1.0, 0.0, 0.1 * i)], published=dt.date(2022, 3, 30))
        for i, text in enumerate(texts)
    ]
    align_articles([a.pk for a in new])
    old_paragraph = old.paragraphs.get().pk
    assert (old_paragraph in read) is not sketched
    pairs = set(Alignment.objects.values_list("paragraph_a__article_id", "paragraph_b__article_id"))
    assert {frozenset(p) for p in pairs} == {frozenset(a.pk for a in new)}
