"""``manage.py reread_datelines``: articles stored before datelines were read get theirs taken
out of the passage text, their unknown outlet and date read from it, the changed paragraph
embedded again and the article matched again; without ``--apply`` nothing changes."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from newsdiff.articles.models import Article, Outlet, Paragraph
from newsdiff.framing.models import Annotation
from newsdiff.matching.models import Event
from tests.support.factories import make_annotation, make_article, make_embedding

pytestmark = pytest.mark.django_db

DATELINE = "ISTANBUL, March 29 (Harbor Wire) –"
OPENING = (
    "Ukraine proposed on Tuesday to become a neutral state in exchange for binding security "
    "guarantees, as its negotiators met a Russian delegation in Istanbul."
)
SECOND = "Erdogan urged both delegations to stop the war Russia began on February 24, 2022."


def stored_before_datelines(fake_encoder) -> Article:  # type: ignore[no-untyped-def]
    """As the ingest stored a wire report before it read datelines: the dateline in the text,
    outlet and date unknown, every paragraph embedded."""
    article = make_article(
        [f"{DATELINE} {OPENING}", SECOND],
        outlet=Outlet.objects.get_or_create(name="Unknown outlet")[0],
        outlet_how="unknown",
        published=None,
    )
    for paragraph in article.paragraphs.all():
        make_embedding(paragraph, fake_encoder.encode([paragraph.text])[0], model_name="fake-bow")
    return article


def run(*args: str) -> str:
    out = StringIO()
    call_command("reread_datelines", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_dry_run_lists_what_would_change_and_changes_nothing(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    article = stored_before_datelines(fake_encoder)
    make_article(["A report with no dateline at all."])
    out = run()
    assert f"article {article.pk}: dateline “{DATELINE}”" in out
    assert "outlet → Harbor Wire; date → 2022-03-29" in out
    assert "1 article(s) with a dateline in their text: would change (run with --apply)" in out
    assert article.paragraphs.order_by("position").first().text.startswith(DATELINE)
    assert Article.objects.get(pk=article.pk).dateline == ""


def test_apply_takes_the_dateline_out_embeds_and_matches_again(  # type: ignore[no-untyped-def]
    fake_encoder, monkeypatch
) -> None:
    monkeypatch.setattr("newsdiff.uploads.ingest.get_encoder", lambda: fake_encoder)
    monkeypatch.setattr("newsdiff.matching.service.model_name", lambda: fake_encoder.name)
    article = stored_before_datelines(fake_encoder)
    first = article.paragraphs.order_by("position").first()
    tag = make_annotation(first, span=(len(DATELINE) + 1, len(DATELINE) + 8))  # "Ukraine"
    # Another outlet's report of the same moment, stored with its own vectors.
    other = make_article([OPENING, SECOND], published=dt.date(2022, 3, 29))
    for paragraph in other.paragraphs.all():
        make_embedding(paragraph, fake_encoder.encode([paragraph.text])[0], model_name="fake-bow")

    out = run("--apply")

    assert "1 article(s) with a dateline in their text: changed and matched again" in out
    article.refresh_from_db()
    first.refresh_from_db()
    assert first.text == OPENING
    assert article.dateline == DATELINE
    assert (article.outlet.name, article.outlet_how) == ("Harbor Wire", Article.How.DATELINE)
    assert (article.published, article.published_how) == (
        dt.date(2022, 3, 29),
        Article.How.DATELINE,
    )
    assert "taken out of the text by manage.py reread_datelines" in article.how_known
    assert "Its year is the one the text names (2022)." in article.how_known
    # The trimmed paragraph is embedded again, from its text without the dateline.
    assert np.allclose(first.embeddings.get().vector, fake_encoder.encode([OPENING])[0])
    # Its tag still covers the word it was put on.
    tag = Annotation.objects.get(pk=tag.pk)
    assert first.text[tag.start : tag.end] == "Ukraine"
    # Matched again: the opening is in one event with the other outlet's.
    opening = other.paragraphs.get(text=OPENING)
    assert Event.objects.filter(members__paragraph=first).filter(members__paragraph=opening)
    # Nothing is left to re-read.
    assert "0 article(s)" in run("--apply")


def test_a_paragraph_that_was_only_the_dateline_goes(fake_encoder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("newsdiff.uploads.ingest.get_encoder", lambda: fake_encoder)
    article = make_article(["MOSCOW (AP) —", OPENING])
    run("--apply")
    article.refresh_from_db()
    assert article.dateline == "MOSCOW (AP) —"
    assert list(Paragraph.objects.filter(article=article).values_list("text", flat=True)) == [
        OPENING
    ]
    # Its outlet was known: the dateline's does not replace it.
    assert article.outlet.name != "Associated Press"
