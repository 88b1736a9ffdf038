"""newsdiff/text/dateline.py and its use by ingest: outlet and date from a wire dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from newsdiff.articles.ingest import ingest_sources
from newsdiff.articles.models import Article
from newsdiff.articles.sources import Source, parse
from newsdiff.text.dateline import dated, filed, read_dateline, staff_byline
from newsdiff.text.dates import full_dates

# Written for this test: a short wire story filed from a harbour town, with no metadata at all.
HARBOR_STORY = """Ferry strike ends after night of talks

VALLETTA, April 3 (Harbor Wire) – Ferry crews in Malta ended a four-day strike on Thursday \
after the port authority agreed to hire 40 more deckhands, union officials said.

“We got what the crossings need,” said Maria Camilleri, who led the crews’ side in the talks.

Sailings to Gozo will resume on Friday morning, the operator said in a statement.
"""


@pytest.mark.parametrize(
    ("text", "place", "outlet", "day", "rest"),
    [
        (
            "ISTANBUL, March 29 (Bosphorus Wire) - Talks resumed.",
            "ISTANBUL",
            "Bosphorus Wire",
            (3, 29),
            "Talks resumed.",
        ),
        (
            "MOSCOW (AP) — The Kremlin said.",
            "MOSCOW",
            "Associated Press",
            None,
            "The Kremlin said.",
        ),
        (
            "KYIV, Ukraine, March 30 (Reuters) - Ukraine's delegation",
            "KYIV",
            "Reuters",
            (3, 30),
            "Ukraine's delegation",
        ),
        (
            "Istanbul (AFP) - Delegations met.",
            "Istanbul",
            "Agence France-Presse",
            None,
            "Delegations met.",
        ),
        ("WASHINGTON — The White House said.", "WASHINGTON", "", None, "The White House said."),
        ("MINSK, 18 January (BelTA) - Lavrov", "MINSK", "BelTA", (1, 18), "Lavrov"),
        ("NEW YORK, Sept 5 (UPI) — x", "NEW YORK", "United Press International", (9, 5), "x"),
        ("MOSCOW – Russian and US negotiators", "MOSCOW", "", None, "Russian and US negotiators"),
        ("ISTANBUL, March 29 – no outlet", "ISTANBUL", "", (3, 29), "no outlet"),
    ],
)
def test_datelines_are_read_into_place_day_and_outlet_and_taken_off(
    text: str, place: str, outlet: str, day: tuple[int, int] | None, rest: str
) -> None:
    found = read_dateline(text)
    assert found is not None
    assert (found.place, found.outlet, found.rest) == (place, outlet, rest)
    assert ((found.month, found.day) if day else None) == day
    assert found.text + " " + found.rest == text


@pytest.mark.parametrize(
    "text",
    [
        "Officials said (AP) - the talks failed.",  # a sentence, not a place
        "The talks (in Istanbul) went on.",  # no dash after the brackets
        "Istanbul, March 29 – no outlet in brackets, and not in capitals",
        "UPDATE - the talks resume.",  # a label, not a place
        "RUSSIA: talks resume",  # a colon without an outlet
        "US - Russia talks",  # too short to be a place alone
    ],
)
def test_ordinary_sentences_are_not_datelines(text: str) -> None:
    assert read_dateline(text) is None


def when(text: str, article: str = "", received: dt.date | None = dt.date(2026, 4, 2)):  # type: ignore[no-untyped-def]
    dateline = read_dateline(text)
    assert dateline is not None
    return dated(dateline, full_dates(article), article, received)


def test_a_written_year_is_the_datelines() -> None:
    found = when("LONDON, Dec. 17, 2021 (Reuters) - x")
    assert (found.date, found.how) == (dt.date(2021, 12, 17), "The dateline gives the year.")


def test_the_year_is_that_of_the_latest_full_date_on_the_datelines_day() -> None:
    article = "Talks on 30 March 2022 failed. A year on, on March 30, 2023, they met again."
    found = when("ISTANBUL, March 30 (Harbor Wire) -", article)
    assert found.date == dt.date(2023, 3, 30)
    assert found.how == "Its year is that of the date 30 March 2023 in the text."
    # Not one after the file was received.
    found = when("ISTANBUL, March 30 (Harbor Wire) -", article, received=dt.date(2023, 1, 5))
    assert found.date == dt.date(2022, 3, 30)


def test_else_the_latest_year_the_text_names_never_the_upload_day() -> None:
    article = "Since Russia invaded on February 24, 2022, talks have stalled."
    found = when("ISTANBUL, March 30 (Harbor Wire) -", article)  # received 2 April 2026
    assert found.date == dt.date(2022, 3, 30)
    assert found.how == "Its year is the one the text names (2022)."
    article = "The 2014 annexation and the 2022 invasion; a deal by 2030."
    found = when("KYIV, March 30 (Reuters) -", article)
    assert found.date == dt.date(2022, 3, 30)
    assert found.how == (
        "Its year is the latest not after the file was received of those the text names "
        "(2014, 2022, 2030)."
    )


def test_without_a_year_in_the_text_the_date_is_unknown_and_says_so() -> None:
    found = when("VALLETTA, April 3 (Harbor Wire) -", "Ferry crews ended a strike.")
    assert found.date is None
    assert found.how == (
        "The dateline gives 3 April but no year, and the text names none: the date is unknown "
        "until set."
    )


def test_an_impossible_day_gives_no_date_rather_than_a_wrong_one() -> None:
    found = when("ODESA, Feb 30 (Harbor Wire) -", "In 2023.")
    assert found.date is None and "30 February, which is no date" in found.how


def test_parse_takes_outlet_and_date_from_the_dateline_and_says_so() -> None:
    story = HARBOR_STORY.replace("on Thursday", "on Thursday, as in 2024,")
    parsed = parse(Source("ferry.txt", story.encode()), received=dt.date(2025, 4, 10))
    assert parsed.outlet == "Harbor Wire" and parsed.outlet_how == "dateline"
    assert parsed.published == dt.date(2024, 4, 3) and parsed.published_how == "dateline"
    assert parsed.dateline == "VALLETTA, April 3 (Harbor Wire) –"
    assert "Dateline: “VALLETTA, April 3 (Harbor Wire) –”." in parsed.how_known
    assert "Its year is the one the text names (2024)." in parsed.how_known
    # Out of the passage that is matched: the paragraph starts with the story.
    assert parsed.body[0].startswith("Ferry crews in Malta ended")
    assert not any("Harbor Wire" in text for text in parsed.matched)


def test_a_yearless_dateline_is_never_dated_from_the_upload_day() -> None:
    parsed = parse(Source("ferry.txt", HARBOR_STORY.encode()), received=dt.date(2025, 4, 10))
    assert parsed.outlet == "Harbor Wire" and parsed.published is None
    assert "the date is unknown until set" in parsed.how_known


def test_the_same_file_is_the_same_article_dateline_and_all() -> None:
    """The content hash is of the text as uploaded: taking the dateline off changes nothing."""
    with_it = parse(Source("a.txt", HARBOR_STORY.encode()))
    without = HARBOR_STORY.replace("VALLETTA, April 3 (Harbor Wire) – ", "")
    assert with_it.content_hash != parse(Source("b.txt", without.encode())).content_hash
    assert with_it.body == parse(Source("b.txt", without.encode())).body


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


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("By Reuters Staff", "Reuters"),
        ("By Coastline Bulletin staff, 30 March 2022", "Coastline Bulletin"),
        ("BY AP STAFF", "Associated Press"),
        ("By The Times of India staff writers", "The Times of India"),
        ("By the Harbor Wire staff | March 3", "Harbor Wire"),
        ("By Jane Smith", ""),  # a person
        ("By Jane Smith, staff writer", ""),  # a person on the staff
        ("By our staff", ""),
        ("By staff", ""),
        ("By Reuters Staff and Jane Doe", ""),
    ],
)
def test_a_staff_byline_names_its_outlet_and_a_persons_none(text: str, outlet: str) -> None:
    assert staff_byline(text) == outlet


# Written for this test: a report whose only provenance is its staff byline and a dated line.
BYLINE_STORY = """Negotiators leave Istanbul with a framework on neutrality

By Coastline Bulletin staff, 30 March 2022

Russian and Ukrainian delegations met for about three hours in Istanbul on Tuesday, the first \
face-to-face talks in more than two weeks.

Ukraine's negotiators proposed a neutral status in exchange for security guarantees.
"""


def test_parse_takes_the_outlet_from_a_staff_byline_after_the_dateline() -> None:
    parsed = parse(Source("talks.txt", BYLINE_STORY.encode()), "Fallback Desk")
    assert (parsed.outlet, parsed.outlet_how) == ("Coastline Bulletin", "text")
    assert parsed.published == dt.date(2022, 3, 30) and parsed.published_how == "text"
    assert "Byline: “By Coastline Bulletin staff, 30 March 2022”." in parsed.how_known
    assert not any("Coastline" in text for text in parsed.matched)
    # A dateline's outlet comes first; a person's byline names none.
    wired = BYLINE_STORY.replace("Russian and", "ISTANBUL (Harbor Wire) - Russian and")
    assert parse(Source("talks.txt", wired.encode())).outlet == "Harbor Wire"
    signed = BYLINE_STORY.replace("Coastline Bulletin staff", "Jane Smith")
    assert parse(Source("talks.txt", signed.encode()), "Fallback Desk").outlet == "Fallback Desk"


def test_a_manifest_note_and_republisher_are_kept_as_how_we_know() -> None:
    meta = {
        "outlet": "RT",
        "how_known": "RT's section name 'Russia & FSU'.",
        "republished_by": "an unnamed blog",
        "published": "2025-04-03",
        "via": {"outlet": "manifest", "published": "manifest"},
    }
    parsed = parse(Source("rt.txt", HARBOR_STORY.encode(), meta), received=dt.date(2025, 4, 10))
    assert parsed.how_known == (
        "RT's section name 'Russia & FSU'. Republished by an unnamed blog. "
        "Dateline: “VALLETTA, April 3 (Harbor Wire) –”."  # kept apart, though not needed
    )
    assert parsed.outlet_how == "manifest"


@pytest.mark.parametrize(
    ("dateline", "published", "day"),
    [
        ("MINSK, 18 January (BelTA) -", dt.date(2024, 1, 18), dt.date(2024, 1, 18)),
        ("MINSK, 18 January (BelTA) -", dt.date(2024, 1, 19), dt.date(2024, 1, 18)),
        # Filed on the last day of a year, published on the first of the next.
        ("KYIV, Dec. 31 (Reuters) -", dt.date(2024, 1, 1), dt.date(2023, 12, 31)),
        ("KYIV, March 30, 2022 (Reuters) -", dt.date(2024, 1, 1), dt.date(2022, 3, 30)),
        ("WASHINGTON —", dt.date(2024, 1, 1), None),
        ("MINSK, 18 January (BelTA) -", None, None),
        ("", dt.date(2024, 1, 1), None),
    ],
)
def test_a_stored_dateline_is_filed_on_its_day_nearest_publication(
    dateline: str, published: dt.date | None, day: dt.date | None
) -> None:
    assert filed(dateline, published) == day
