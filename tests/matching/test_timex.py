"""Time expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsdiff.matching.core.timex import Period, load_anchors, month, resolve

D = dt.date
ANCHORS = load_anchors(None)


def spans(text: str, published: dt.date | None) -> list[tuple[str, str]]:
    return [(p.start.isoformat(), p.end.isoformat()) for p in resolve(text, published, ANCHORS)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # The three ways of saying December 2021.
        (
            "Last week, Moscow filed draft security documents.",
            D(2021, 12, 22),
            [("2021-12-13", "2021-12-19")],
        ),
        (
            "Back in December last year, Moscow asked NATO.",
            D(2022, 2, 14),
            [("2021-12-01", "2021-12-31")],
        ),
        (
            "In December 2021 Moscow submitted a draft.",
            D(2024, 1, 23),
            [("2021-12-01", "2021-12-31")],
        ),
        (
            "Talks in Istanbul in March 2022 nearly produced a deal.",
            D(2023, 12, 15),
            [("2022-03-01", "2022-03-31")],
        ),
        (
            "A meeting of the OSCE earlier this month.",
            D(2023, 12, 15),
            [("2023-12-01", "2023-12-31")],
        ),
        ("Lavrov said on Tuesday.", D(2024, 1, 23), [("2024-01-23", "2024-01-23")]),  # a Tuesday
        ("Lavrov said on Monday.", D(2024, 1, 23), [("2024-01-22", "2024-01-22")]),
        ("Blinken said Tuesday.", D(2021, 12, 22), [("2021-12-21", "2021-12-21")]),
        ("The minister spoke yesterday.", D(2024, 1, 18), [("2024-01-17", "2024-01-17")]),
        ("Separate talks with NATO in January.", D(2021, 12, 22), [("2022-01-01", "2022-01-31")]),
        ("Negotiators will meet early next year.", D(2021, 12, 22), [("2022-01-01", "2022-05-01")]),
        ("Prices rose last month.", D(2024, 1, 5), [("2023-12-01", "2023-12-31")]),
        ("The fighting began seven years ago.", D(2021, 12, 22), [("2014-01-01", "2014-12-31")]),
        ("This goes as far back as 2022.", D(2024, 1, 18), [("2022-01-01", "2022-12-31")]),
        ("At a 2008 summit in Bucharest.", D(2024, 1, 23), [("2008-01-01", "2008-12-31")]),
        (
            "Signed on 29 March 2022 and again on April 2, 2022.",
            None,
            [("2022-03-29", "2022-03-29"), ("2022-04-02", "2022-04-02")],
        ),
        ("The deadline is 2022-04-01.", None, [("2022-04-01", "2022-04-01")]),
        # Named moments come from the anchor table.
        (
            "The two sides were close to a deal early in the Ukraine conflict.",
            D(2024, 1, 23),
            [("2022-02-24", "2022-04-30")],
        ),
        (
            "Negotiators met in the weeks after Moscow launched its military operation.",
            D(2023, 12, 15),
            [("2022-02-24", "2022-04-10")],
        ),
    ],
)
def test_resolves(text: str, published: dt.date | None, expected: list[tuple[str, str]]) -> None:
    assert spans(text, published) == expected


def test_december_said_three_ways_is_one_month() -> None:
    said = [
        resolve("Last week, Moscow filed draft documents.", D(2021, 12, 22)),
        resolve("Back in December last year, Moscow asked.", D(2022, 2, 14)),
        resolve("In December 2021, Moscow submitted.", D(2024, 1, 23)),
    ]
    december = month(2021, 12)
    assert all(len(p) == 1 and p[0].overlaps(december) for p in said)


def test_weeks_before_an_anchor_is_the_stretch_before_it() -> None:
    periods = resolve(
        "In December 2021, weeks before the start of the Ukraine conflict, Moscow submitted a draft.",
        D(2024, 1, 23),
        ANCHORS,
    )
    assert month(2021, 12) in periods
    before = next(p for p in periods if p.label.startswith("before"))
    assert before.end == D(2022, 2, 23) and not before.overlaps(month(2022, 3))


def test_without_publication_date_only_absolute_dates() -> None:
    assert resolve("Last week and on Tuesday, and in March 2022.", None) == [month(2022, 3)]


def test_a_year_the_passage_does_not_report_does_not_date_it() -> None:
    published = D(2021, 12, 17)
    # A bound, a named past thing, a deadline: none of them is when the passage happened.
    for text in (
        "The drafts bar troops in countries that joined NATO after 1997.",
        "They ask NATO to withdraw from states that joined after May 1997.",
        "Moscow wants NATO back to its borders as of 1997.",
        "Russia cited the 1997 Founding Act.",
        "Kyiv says the Minsk agreements of 2015 are dead.",
        "Moscow wants a written answer by January 2022.",
    ):
        assert resolve(text, published) == [], text
    # ...and a month without a year does not take one from them.
    assert resolve("In March NATO recalled the 1997 Founding Act.", D(2022, 3, 30)) == [
        month(2022, 3)
    ]
    # What it reports still dates it.
    assert resolve("At the talks in March 2022, Kyiv recalled its 1994 memorandum.", None) == [
        month(2022, 3)
    ]


def test_a_number_is_not_a_year() -> None:
    assert resolve("They massed 100,000 troops and 2000 tanks.", D(2022, 2, 14)) == []


def test_anchor_table_is_configurable(tmp_path: Path) -> None:
    table = tmp_path / "anchors.json"
    table.write_text(json.dumps({r"the (great )?flood": ["2021-07-14", "2021-07-16"]}))
    anchors = load_anchors(str(table))
    assert resolve("Since the great flood, the river is watched.", D(2023, 1, 1), anchors) == [
        Period(D(2021, 7, 14), D(2021, 7, 16), "July 2021")
    ]
    # The default table's war anchor is gone with it.
    assert resolve("Since the start of the conflict.", D(2023, 1, 1), anchors) == []


def test_a_month_without_year_takes_the_one_year_the_paragraph_names() -> None:
    text = "They came close in the spring of 2022, when they met at the end of March."
    assert month(2022, 3) in resolve(text, D(2024, 2, 5))
    assert month(2024, 3) not in resolve(text, D(2024, 2, 5))
    # Undated: the named year still dates the month, and a day.
    assert month(2022, 3) in resolve(text, None)
    assert D(2022, 3, 29) in {p.start for p in resolve("On 29 March, in Istanbul, in 2022.", None)}
    # A dateline's day is the publication's, whatever year the story names.
    assert D(2024, 1, 18) in {
        p.start for p in resolve("MINSK, 18 January - results of 2023", D(2024, 1, 18))
    }
