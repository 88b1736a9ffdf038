"""newsdiff/text/dateline.py and its use by ingest: outlet and date from a wire dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from newsdiff.articles.ingest import ingest_sources
from newsdiff.articles.models import Article
from newsdiff.articles.sources import Source, parse
from newsdiff.text.dateline import read_dateline

# Written for this test: a short wire story filed from a harbour town, with no metadata at all.
HARBOR_STORY = """Ferry strike ends after night of talks

VALLETTA, April 3 (Harbor Wire) – Ferry crews in Malta ended a four-day strike on Thursday \
after the port authority agreed to hire 40 more deckhands, union officials said.

“We got what the crossings need,” said Maria Camilleri, who led the crews’ side in the talks.

Sailings to Gozo will resume on Friday morning, the operator said in a statement.
"""


@pytest.mark.parametrize(
    ("text", "place", "outlet", "date", "year_from"),
    # Received on 20 January 2023: a day later in the year than that is from 2022.
    [
        (
            "ISTANBUL, March 29 (Harbor Wire) – Talks",
            "ISTANBUL",
            "Harbor Wire",
            dt.date(2022, 3, 29),
            "received",
        ),
        ("MINSK, 18 January (BelTA) - Lavrov", "MINSK", "BelTA", dt.date(2023, 1, 18), "received"),
        (
            "LONDON, Dec. 17, 2021 (Reuters) - x",
            "LONDON",
            "Reuters",
            dt.date(2021, 12, 17),
            "dateline",
        ),
        ("KYIV, Ukraine (AP) — The war", "KYIV", "Associated Press", None, ""),
        (
            "NEW YORK, Sept 5 (UPI) — x",
            "NEW YORK",
            "United Press International",
            dt.date(2022, 9, 5),
            "received",
        ),
    ],
)
def test_datelines_are_read(
    text: str, place: str, outlet: str, date: dt.date | None, year_from: str
) -> None:
    found = read_dateline(text, received=dt.date(2023, 1, 20))
    assert found is not None
    assert (found.place, found.outlet, found.date, found.year_from) == (
        place,
        outlet,
        date,
        year_from,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Officials said (AP) - the talks failed.",  # a sentence, not a place
        "The talks (in Istanbul) went on.",  # no dash after the brackets
        "ISTANBUL, March 29 – no outlet in brackets",
    ],
)
def test_ordinary_sentences_are_not_datelines(text: str) -> None:
    assert read_dateline(text, received=dt.date(2023, 1, 1)) is None


def test_the_year_comes_from_a_full_date_in_the_article_first() -> None:
    found = read_dateline("MINSK, 18 January (BelTA) -", context=dt.date(2024, 1, 18))
    assert found is not None and found.date == dt.date(2024, 1, 18) and found.year_from == "article"


def test_an_impossible_day_gives_no_date_rather_than_a_wrong_one() -> None:
    found = read_dateline("ODESA, Feb 30 (Harbor Wire) -", received=dt.date(2023, 5, 1))
    assert found is not None and found.outlet == "Harbor Wire" and found.date is None


def test_parse_takes_outlet_and_date_from_the_dateline_and_says_so() -> None:
    parsed = parse(Source("ferry.txt", HARBOR_STORY.encode()), received=dt.date(2025, 4, 10))
    assert parsed.outlet == "Harbor Wire" and parsed.outlet_how == "dateline"
    assert parsed.published == dt.date(2025, 4, 3) and parsed.published_how == "dateline"
    assert "VALLETTA, April 3 (Harbor Wire) –" in parsed.how_known
    assert "received" in parsed.how_known


def test_given_metadata_beats_the_dateline() -> None:
    meta = {"outlet": "Times of Malta", "published": "2025-04-04", "via": {"outlet": "upload form"}}
    parsed = parse(Source("ferry.txt", HARBOR_STORY.encode(), meta), received=dt.date(2025, 4, 10))
    assert (parsed.outlet, parsed.outlet_how) == ("Times of Malta", "upload form")
    assert (parsed.published, parsed.published_how) == (dt.date(2025, 4, 4), "given")


@pytest.mark.django_db
def test_an_ingested_dateline_article_is_stored_with_its_outlet_date_and_provenance(
    fake_encoder,  # type: ignore[no-untyped-def]
) -> None:
    story = HARBOR_STORY.replace("April 3 (", "April 3, 2025 (")
    report = ingest_sources([Source("ferry.txt", story.encode())], encoder=fake_encoder)
    article = Article.objects.select_related("outlet").get(pk=report.created[0].pk)
    assert article.outlet.name == "Harbor Wire"
    assert article.published == dt.date(2025, 4, 3)
    assert article.get_outlet_how_display() == "read from the dateline"
    assert article.get_published_how_display() == "read from the dateline"


def test_a_manifest_note_and_republisher_are_kept_as_how_we_know() -> None:
    meta = {
        "outlet": "RT",
        "how_known": "RT's section name 'Russia & FSU'.",
        "republished_by": "an unnamed blog",
        "published": "2025-04-03",
        "via": {"outlet": "manifest", "published": "manifest"},
    }
    parsed = parse(Source("rt.txt", HARBOR_STORY.encode(), meta), received=dt.date(2025, 4, 10))
    assert parsed.how_known == "RT's section name 'Russia & FSU'. Republished by an unnamed blog."
    assert parsed.outlet_how == "manifest"
