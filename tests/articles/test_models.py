"""The article models themselves: their querysets, properties, corrections and constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding, is_matched
from tests.factories import make_article, make_embedding, make_outlet, make_paragraph

pytestmark = pytest.mark.django_db


def test_the_same_content_hash_cannot_be_stored_twice() -> None:
    first = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(content_hash=first.content_hash)
    assert Article.objects.count() == 1


def test_a_position_is_one_paragraph_and_a_model_one_vector_per_paragraph() -> None:
    article = make_article(paragraphs=["One.", "Two."])
    with pytest.raises(IntegrityError), transaction.atomic():
        make_paragraph(article=article, position=1)
    paragraph = article.paragraphs.first()
    assert paragraph is not None
    make_embedding(paragraph)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_embedding(paragraph)
    make_embedding(paragraph, model_name="another-model")
    assert ParagraphEmbedding.objects.filter(paragraph=paragraph).count() == 2


def test_an_outlet_with_articles_cannot_be_deleted() -> None:
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Outlet.objects.filter(pk=article.outlet_id).delete()


def test_newest_first_puts_undated_articles_last() -> None:
    old = make_article(published=dt.date(2020, 1, 1))
    undated = make_article(published=None, published_precision="unknown")
    new = make_article(published=dt.date(2022, 3, 29))
    assert list(Article.objects.newest_first()) == [new, old, undated]


def test_with_counts_counts_body_paragraphs_only() -> None:
    article = make_article(paragraphs=["One.", "Two."])
    make_paragraph(article=article, kind=Paragraph.Kind.FURNITURE, reason="caption")
    assert Article.objects.with_counts().get(pk=article.pk).body_count == 2


def test_for_reading_leaves_the_uploaded_bytes_in_the_database() -> None:
    make_article(original=b"raw bytes")
    article = Article.objects.for_reading().get()
    assert "original" in article.get_deferred_fields()
    assert bytes(article.original) == b"raw bytes"  # fetched only when asked for


def test_filtered_by_outlet_dates_and_words_lists_each_article_once() -> None:
    rt = make_outlet(name="RT")
    talks = make_article(
        ["Talks in Istanbul.", "More talks in Istanbul."], outlet=rt, published=dt.date(2022, 3, 29)
    )
    make_article(["Talks in Istanbul."], published=dt.date(2022, 3, 29))
    make_article(["A bridge opened."], outlet=rt, published=dt.date(2022, 4, 2))
    found = Article.objects.filtered(q="istanbul", outlet=rt)
    assert list(found) == [talks]
    march = Article.objects.filtered(start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 31))
    assert found.count() == 1 and march.count() == 2


def test_needs_metadata_when_the_outlet_or_the_date_is_unknown() -> None:
    assert not make_article().needs_metadata
    assert make_article(outlet_how=Article.How.UNKNOWN).needs_metadata
    assert make_article(published=None).needs_metadata


def test_a_correction_reuses_an_outlet_whatever_its_case_and_is_noted() -> None:
    rt = make_outlet(name="RT")
    article = make_article(how_known="From the manifest.")
    article.correct("rt", dt.date(2022, 3, 29), "editor")
    article.refresh_from_db()
    assert article.outlet == rt and Outlet.objects.filter(name__iexact="rt").count() == 1
    assert (article.published, article.published_precision) == (dt.date(2022, 3, 29), "day")
    assert article.outlet_how == article.published_how == Article.How.CORRECTED
    assert article.how_known == (
        "From the manifest.\nCorrected by editor: outlet set to rt, date set to 2022-03-29."
    )


def test_matched_paragraphs_are_the_body_and_the_headline() -> None:
    article = make_article(paragraphs=["Body."])
    make_paragraph(article=article, kind=Paragraph.Kind.HEADING, reason="title", text="Head")
    make_paragraph(article=article, kind=Paragraph.Kind.HEADING, reason="subhead", text="Sub")
    make_paragraph(article=article, kind=Paragraph.Kind.FURNITURE, reason="caption")
    matched = article.paragraphs.all().matched()
    assert sorted(p.text for p in matched) == ["Body.", "Head"]
    assert all(is_matched(p.kind, p.reason) == (p in matched) for p in article.paragraphs.all())
