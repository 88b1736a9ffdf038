"""Names from the spaCy pipeline: one canonical form per person within an article."""

from __future__ import annotations

import pytest

from newsdiff.text import nlp
from newsdiff.text.entities import Names, article_names

pytestmark = pytest.mark.nlp


def names(paragraphs: list[str], outlet: str = "") -> list[Names]:
    return article_names(list(zip(paragraphs, nlp.analyse(paragraphs), strict=True)), outlet)


def persons(paragraphs: list[str], outlet: str = "") -> set[str]:
    return {p for n in names(paragraphs, outlet) for p in n.persons}


def test_a_surname_resolves_to_the_full_name_the_article_gives():
    found = names(
        [
            "Russian President Vladimir Putin said on Tuesday that the talks had stalled.",
            "Putin blamed Washington for the delay, his spokesman told reporters.",
        ]
    )
    assert found[0].persons == {"Vladimir Putin"}
    assert found[1].persons == {"Vladimir Putin"}


def test_a_first_name_alone_never_counts():
    found = names(
        [
            "Russian President Vladimir Putin met the envoys in the Kremlin on Tuesday.",
            "Vladimir, as aides call him in private, kept the delegation waiting for an hour.",
        ]
    )
    assert "Vladimir" not in {p for n in found for p in n.persons}


def test_titles_nationalities_and_possessives_are_not_part_of_a_name():
    found = persons(
        [
            "French President Emmanuel Macron spoke to Boris Johnson's office late on Monday.",
            "Macron's aides said the call with Johnson lasted an hour.",
        ]
    )
    assert found == {"Emmanuel Macron", "Boris Johnson"}


def test_parties_places_and_slogans_are_never_persons():
    found = names(
        [
            "The Democratic Party said South Korea had agreed to the plan, which President "
            'Donald Trump dismissed as a "Witch Hunt" on Twitter.',
            "Trump again called the investigation a Witch Hunt and attacked Democrats in Congress.",
        ]
    )
    everyone = {p for n in found for p in n.persons}
    assert "Donald Trump" in everyone
    assert not {"Democratic Party", "South Korea", "Witch Hunt", "Trump"} & everyone
    assert "Democratic Party" in found[0].orgs
    assert "South Korea" in found[0].places


def test_the_outlet_is_provenance_not_a_name_in_its_text():
    found = names(
        [
            "Ukraine's negotiators told Harbor Wire that Russia had dropped its demand.",
            "The Associated Press said the AP had seen the draft treaty in Istanbul.",
        ],
        outlet="Harbor Wire",
    )
    assert all("Harbor Wire" not in n.orgs | n.persons for n in found)
    ap = names(
        ["The AP had seen the draft, Associated Press reporters in Istanbul said."],
        "Associated Press",
    )
    assert not {"AP", "Associated Press"} & (ap[0].orgs | ap[0].persons)


def test_a_title_ties_a_name_alone_to_someone_and_family_names_first_resolve():
    found = names(
        [
            "North Korean leader Kim Jong Un and South Korean President Moon Jae-in met in "
            "Panmunjom on Friday.",
            "Moon said Kim had promised to close the test site, and Chairman Kim nodded.",
        ]
    )
    assert found[1].persons == {"Kim Jong Un", "Moon Jae-in"}


def test_a_form_has_the_kind_of_most_of_its_mentions():
    # The model tags the first "Kyiv" as a person and the second as a place: a tie, and a
    # tie is not a person.
    found = names(
        [
            "Russian President Vladimir Putin said on Tuesday that talks with Kyiv had stalled.",
            "Ukrainian President Volodymyr Zelensky met U.S. Secretary of State Antony Blinken "
            "in Kyiv last week.",
        ]
    )
    assert all("Kyiv" not in n.persons for n in found)
    assert "Kyiv" in found[0].places and "Kyiv" in found[1].places


def test_organisations_and_places_are_kept_by_kind():
    found = names(
        [
            "NATO Secretary General Jens Stoltenberg said the alliance would not reopen the "
            "2008 Bucharest summit's decision on Ukraine and Georgia."
        ]
    )[0]
    assert found.persons == {"Jens Stoltenberg"}
    assert "NATO" in found.orgs
    assert {"Ukraine", "Georgia"} <= found.places
