"""The differences engine on real passages: the seed corpus's Press TV and AP reports of
Russia's December 2021 security demands, and short reports written for the kinds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsdiff.text import timeref
from newsdiff.text.differences import differences
from newsdiff.text.passages import Difference, Passage

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds" / "articles"
PRESS_TV = SEEDS / "001_10db24c7fd23ced7.txt"  # published 2022-02-14
AP = SEEDS / "004_861de67a3d0b5135.txt"  # published 2021-12-22


def paragraph(path: Path, start: str) -> str:
    found = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")]
    return next(p for p in found if p.startswith(start))


def quoted(text_a: str, text_b: str, d: Difference) -> tuple[str | None, str | None]:
    a = text_a[d.span_a[0] : d.span_a[1]] if d.span_a else None
    b = text_b[d.span_b[0] : d.span_b[1]] if d.span_b else None
    return a, b


def found(text_a: str, text_b: str, **kw: dt.date) -> list[tuple[str, str | None, str | None]]:
    a = Passage(text_a, published=kw.get("published_a"))
    b = Passage(text_b, published=kw.get("published_b"))
    return [(d.kind, *quoted(text_a, text_b, d)) for d in differences(a, b)]


@pytest.fixture(scope="module")
def demands() -> tuple[str, str]:
    return (
        paragraph(PRESS_TV, "Back in December last year"),
        paragraph(AP, "Last week, Moscow filed"),
    )


@pytest.mark.nlp
def test_seed_last_year_against_last_week(demands):
    a, b = demands
    dates = [
        d
        for d in differences(
            Passage(a, published=dt.date(2022, 2, 14)), Passage(b, published=dt.date(2021, 12, 22))
        )
        if d.kind == "date"
    ]
    assert [quoted(a, b, d) for d in dates] == [("December last year", "Last week")]
    # resolved against each report's day, both fall in December 2021: worded differently
    assert "December 2021" in dates[0].explanation


@pytest.mark.nlp
def test_seed_legally_binding_left_out(demands):
    a, b = demands
    assert ("omission", "legally binding", None) in found(a, b)


@pytest.mark.nlp
def test_seed_flatly_rejected_against_ready_for_talks():
    a = paragraph(PRESS_TV, "The West, however, has flatly rejected")
    b = paragraph(AP, "Washington and its allies have refused")
    assert ("evaluative", "flatly rejected", "ready for talks") in found(a, b)


@pytest.mark.nlp
def test_dates_that_disagree_once_resolved():
    a = "The two ministers met in Istanbul on Tuesday to discuss the grain corridor."
    b = "The two ministers met in Istanbul last month to discuss the grain corridor."
    got = differences(
        Passage(a, published=dt.date(2022, 3, 30)), Passage(b, published=dt.date(2022, 3, 30))
    )
    dates = [d for d in got if d.kind == "date"]
    assert len(dates) == 1 and "disagree" in dates[0].explanation


def kinds(a: str, b: str) -> set[str]:
    return {kind for kind, *_ in found(a, b)}


@pytest.mark.nlp
def test_spelling_variant_of_one_name_but_not_an_inflection():
    a = "Ukrainian President Volodymyr Zelenskiy met the delegation in Kyiv on Friday."
    b = "Ukrainian President Volodymyr Zelensky met the delegation in Kyiv on Friday."
    assert ("spelling", "Volodymyr Zelenskiy", "Volodymyr Zelensky") in found(a, b)
    c = "Russian troops massed near the border with Ukraine, satellite images showed."
    d = "Russia's troops massed near the border with Ukraine, satellite images showed."
    assert "spelling" not in kinds(c, d)


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "At least 40 people were killed when the bridge collapsed, officials said.",
            "At least 45 people were killed when the bridge collapsed, officials said.",
            ("figure", "At least 40", "At least 45"),
        ),
        (
            "Lavrov said that Western guarantees were worthless without a treaty.",
            "Lavrov claimed that Western guarantees were worthless without a treaty.",
            ("attribution", "said", "claimed"),
        ),
        (
            "Lindsay Lohan checked into the Betty Ford Center on Tuesday, her lawyer said.",
            "Lohan checked into the Betty Ford Center on Tuesday, her lawyer said.",
            ("naming", "Lindsay Lohan", "Lohan"),
        ),
    ],
    ids=["figure", "attribution", "naming"],
)
def test_one_difference_in_otherwise_equal_sentences(a, b, expected):
    assert expected in found(a, b)


@pytest.mark.nlp
def test_persons_only_from_person_entities():
    a = "In December, Boris Johnson travelled to Eastern Europe to meet NATO allies."
    b = "In December, NATO allies met in Eastern Europe."
    persons = [(x, y) for k, x, y in found(a, b) if k == "person"]
    assert persons == [("Boris Johnson", None)]


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        (  # a noun ("statement") is never an attribution
            "The statement of the United States was read out in the council on Monday.",
            "The United States said in the council on Monday that it would not back the text.",
            "attribution",
        ),
        (  # plain wording left out is not an omission
            "The talks ended later than planned, and the delegations left the city.",
            "The talks ended, and the delegations left the city.",
            "omission",
        ),
    ],
    ids=["noun-attribution", "plain-omission"],
)
def test_no_difference_of_this_kind(a, b, kind):
    assert kind not in kinds(a, b)


@pytest.mark.nlp
def test_identical_passages_differ_in_nothing():
    a = paragraph(AP, "Washington and its allies have refused")
    assert differences(a, a) == []


def test_time_expressions_resolve_against_the_report_day():
    day = dt.date(2021, 12, 22)  # a Wednesday
    assert timeref.resolve("last week", day) == (dt.date(2021, 12, 13), dt.date(2021, 12, 19))
    assert timeref.resolve("on Monday", day) == (dt.date(2021, 12, 20),) * 2
    assert timeref.resolve("December last year", dt.date(2022, 2, 14)) == (
        dt.date(2021, 12, 1),
        dt.date(2021, 12, 31),
    )
    assert timeref.resolve("in 2014", None) == (dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    assert timeref.resolve("last week", None) is None
    assert timeref.resolve("the talks", day) is None
