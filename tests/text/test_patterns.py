"""newsdiff/text/patterns.py and rarity.py: the one definition of numbers, quotations,
attribution and word rarity that the matcher, the highlight and the suggestions share."""

from __future__ import annotations

import pytest

from newsdiff.matching.core.features import paragraph_features
from newsdiff.text.diff import Profile, highlight
from newsdiff.text.patterns import (
    ATTRIBUTION,
    ATTRIBUTION_JUDGED,
    ATTRIBUTION_PLAIN,
    NUMBER,
    QUOTE,
    numbers_in,
    quoted,
)
from newsdiff.text.rarity import COMMON, ORDINARY, RARE, is_ordinary, rarity, zipf


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Some 1,500 people marched.", ["1,500"]),
        ("Inflation reached 3.5% in May.", ["3.5"]),
        ("a $40 million loan", ["40"]),
        ("100,000 troops, then 100000 more", ["100,000", "100000"]),
        ("on 24 February 2022, at 5 a.m.", ["24", "2022", "5"]),
        ("the A380 and a 5km road", ["5"]),  # never the tail of a word; a unit is not part of it
        ("version 1.2.3", ["1.2"]),  # never the tail of another number
        ("1, 2 and 3", ["1", "2", "3"]),  # a list, not a thousands separator
    ],
)
def test_numbers_as_written(text: str, found: list[str]) -> None:
    assert [m.group() for m in NUMBER.finditer(text)] == found


def test_numbers_compare_without_thousands_separators() -> None:
    assert list(numbers_in("1,500 and 1500 and 3.5%")) == ["1500", "1500", "3.5"]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("He said “we will not leave” on Monday.", "we will not leave"),
        ('He said "we will not leave" on Monday.', "we will not leave"),
        ("He said «we will not leave» on Monday.", "we will not leave"),
        ("He said ‘we will not leave’ on Monday.", "we will not leave"),
        ("Moscow said: “ no deal ”.", "no deal"),
    ],
)
def test_quotations_straight_curly_and_guillemets(text: str, inside: str) -> None:
    (match,) = QUOTE.finditer(text)
    assert quoted(match) == inside


def test_a_single_curly_quote_is_an_apostrophe_not_a_quotation() -> None:
    assert list(QUOTE.finditer("Russia’s envoy and Ukraine’s negotiator met")) == []
    # Straight quotes pair up left to right.
    assert [quoted(m) for m in QUOTE.finditer('"one" and "two"')] == ["one", "two"]


def test_attribution_is_judged_or_plain_never_both() -> None:
    assert not ATTRIBUTION_JUDGED & ATTRIBUTION_PLAIN
    assert {"claimed", "allegedly", "admitted"} <= ATTRIBUTION_JUDGED
    assert {"said", "told", "according to"} <= ATTRIBUTION_PLAIN
    assert ATTRIBUTION == ATTRIBUTION_JUDGED | ATTRIBUTION_PLAIN


def test_rarity_runs_from_common_to_rare_on_one_scale() -> None:
    assert RARE < ORDINARY < COMMON
    assert zipf("the") > COMMON and rarity("the") == 0.0
    assert zipf("accession") < ORDINARY and rarity("accession") > 0.5
    assert is_ordinary("talks") and not is_ordinary("derailed")
    # A pair is as rare as its rarer word.
    assert rarity("peace accession") == rarity("accession")


def test_the_matcher_and_the_highlight_read_the_same_numbers() -> None:
    text = "Some 1,500 troops and $40 million, a 3.5% rise, in 2022."
    *_, quantities, _ = paragraph_features(text)
    assert quantities == {"1500", "40"}  # the matcher keeps quantities of 10 or more, not years
    a = highlight(text, [Profile.of("No figures here.")])
    assert a.numbers == ["1500", "40", "3.5", "2022"]  # the page calls out every number
