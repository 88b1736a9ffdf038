"""newsdiff/matching/core/labels.py: labels a person would write, from what the passages share."""

from __future__ import annotations

from newsdiff.matching.core.labels import PLACEHOLDER, event_label, kept_label
from tests.support.pages import BELTA, RT_2023, RT_2024

DRAFT_TREATY = [
    (
        1,
        "Last week, Moscow filed draft security documents demanding that NATO deny accession "
        "to Ukraine and other former Soviet countries.",
    ),
    (
        2,
        "In December 2021, Moscow submitted a draft of security guarantees to the US and NATO, "
        "demanding that the West ban Kiev’s accession to the bloc.",
    ),
    (3, "Back in December, Moscow asked NATO to stop, demanding legally binding guarantees."),
]


def test_the_istanbul_talks_are_named_by_place_topic_and_what_happened() -> None:
    passages = [(1, RT_2024), (2, RT_2023), (3, BELTA)]
    # RT 2023 has "talks in Istanbul" and a "peace agreement", RT 2024 a "peace deal", BelTA
    # "negotiations": talks, about peace, in Istanbul.
    assert event_label(passages, "March 2022") == "Istanbul peace talks · March 2022"


def test_the_draft_treaty_is_named_by_its_author_and_what_it_was() -> None:
    assert (
        event_label(DRAFT_TREATY, "December 2021")
        == "Russia’s draft security guarantees · December 2021"
    )


def test_what_only_one_article_says_is_not_in_the_label() -> None:
    # Only one article speaks of talks: the shared event noun is "guarantees".
    passages = [*DRAFT_TREATY, (1, "Washington said it was ready for talks.")]
    assert "talks" not in event_label(passages, None)


def test_without_a_shared_event_noun_the_fallback_terms_are_used() -> None:
    passages = [(1, "Lavrov spoke in Minsk on Friday."), (2, "Lavrov was in Minsk.")]
    assert event_label(passages, "December 2023", ["Lavrov", "Minsk"]) == (
        "Lavrov · Minsk · December 2023"
    )
    assert event_label(passages, None) == "Event"


def test_a_label_is_a_phrase_the_passages_write() -> None:
    # Accession is what more articles share, but no article writes a word before it: the label
    # neither borrows "security" from the guarantees ("security accession") nor makes the
    # capital that demanded it the one acceding ("Russia's accession").
    passages = [
        (1, "Moscow sought security guarantees that would rule out Ukraine's accession to NATO."),
        (2, "Moscow asked for security guarantees and an end to talk of accession for Kyiv."),
        (3, "Russia asked NATO to deny accession to Ukraine."),
    ]
    label = event_label(passages, "December 2021", ["security guarantees", "NATO"])
    assert label == "security guarantees · NATO · December 2021"


def test_an_event_keeps_its_label_while_it_fits() -> None:
    old = "Russia’s draft security guarantees · December 2021"

    def kept(fresh: str, passages: list[tuple[int, str]], now: str = "December 2021") -> str:
        return kept_label(old, "December 2021", fresh, now, lambda: passages)

    # Another choice of words from the passages that joined does not rename it (the period is
    # the one it has now).
    assert kept("Russia’s security accession · December 2021", DRAFT_TREATY) == old
    assert (
        kept("Russia’s security accession · January 2022", DRAFT_TREATY, "January 2022")
        == "Russia’s draft security guarantees · January 2022"
    )
    # A label that says more of the same is better; one whose words the passages no longer
    # write in two articles is replaced.
    assert kept("Russia’s draft security guarantees · December 2021", []) == old
    short = "Russia’s guarantees · December 2021"
    assert kept_label(short, "December 2021", old, "December 2021", lambda: []) == old
    talks = [(1, "Talks in Istanbul on security."), (2, "Security talks in Istanbul.")]
    assert kept("Istanbul security talks · March 2022", talks, "March 2022") == (
        "Istanbul security talks · March 2022"
    )
    # A new or unnamed event takes the label computed now.
    assert kept_label("", "", "Istanbul talks", None, lambda: []) == "Istanbul talks"
    assert kept_label(PLACEHOLDER, "", "Istanbul talks", None, lambda: []) == "Istanbul talks"


def test_a_preposition_is_no_modifier() -> None:
    passages = [
        (1, "Russia asks the US and NATO for guarantees."),
        (2, "Moscow asked for security guarantees from NATO."),
        (3, "Moscow filed draft security guarantees."),
    ]
    assert event_label(passages, None) == "Russia’s security guarantees"
