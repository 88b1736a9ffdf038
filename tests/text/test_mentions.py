"""Mentions resolved within their article (``referents``) and paired across two reports
(``pairing.pair_mentions``), on the real spaCy pipeline."""

from __future__ import annotations

import pytest

from newsdiff.text.differences import differences
from newsdiff.text.mentions import Referent
from newsdiff.text.passages import Difference, Passage
from newsdiff.text.referents import resolve_articles

# Two reports of one event, paragraph by paragraph.
REPORT_A = [
    "Actress Lindsay Lohan checked into the Betty Ford Center on Tuesday.",
    "The actress was ordered to stay for 90 days, a judge said.",
]
REPORT_B = [
    "Lindsay Lohan, the troubled actress, entered rehab in California.",
    "Lohan must remain there for three months.",
]


def reports(*articles: list[str]) -> list[list[Passage]]:
    """Each article's paragraphs as passages, resolved as one event's reports."""
    passages = [[Passage(text) for text in article] for article in articles]
    keys = range(len(passages))
    resolve_articles(
        {k: [p.parsed for p in passages[k]] for k in keys},
        {k: set(keys) - {k} for k in keys},
    )
    return passages


def named(a: str | Passage, b: str | Passage) -> dict[tuple[str, str], Difference]:
    """The naming differences of the pair, by the words each passage says."""
    text_a, text_b = (x.text if isinstance(x, Passage) else x for x in (a, b))
    return {
        (text_a[d.span_a[0] : d.span_a[1]], text_b[d.span_b[0] : d.span_b[1]]): d
        for d in differences(a, b)
        if d.kind == "naming" and d.span_a and d.span_b
    }


def referents(passage: Passage) -> dict[str, tuple[str, ...]]:
    return {passage.text[s:e]: r.name for (s, e), r in passage.parsed.referents.items()}


@pytest.mark.nlp
def test_a_description_refers_to_the_name_its_article_gives_it():
    (a, b), _ = reports(REPORT_A, REPORT_B)
    assert referents(a)["Lindsay Lohan"] == ("lindsay", "lohan")
    assert referents(b)["actress"] == ("lindsay", "lohan")


@pytest.mark.nlp
def test_paragraphs_sharing_no_word_for_her_are_paired_through_their_articles():
    (_, a), (_, b) = reports(REPORT_A, REPORT_B)
    naming = named(a, b)
    assert ("actress", "Lohan") in naming
    # the articles tell both as her, whatever the two passages share
    assert referents(a)["actress"] == referents(b)["Lohan"] == ("lindsay", "lohan")
    # without the articles, nothing is told as one referent
    alone = differences(Passage(a.text), Passage(b.text))
    assert not any("the same referent" in d.explanation for d in alone)


@pytest.mark.nlp
def test_two_people_with_one_surname_stay_apart():
    (a,), (b,) = reports(
        ["Katie Jenkin told the court her father had been attacked."],
        ["John Jenkin died in hospital two days later."],
    )
    assert referents(a)["Katie Jenkin"] != referents(b)["John Jenkin"]
    assert not Referent("person", ("katie", "jenkin")).same(Referent("person", ("john", "jenkin")))
    assert Referent("person", ("jenkin",)).same(Referent("person", ("john", "jenkin")))


@pytest.mark.nlp
def test_a_description_tied_to_two_names_refers_to_neither():
    ((first, _, third),) = reports(
        [
            "Director Gary Ross will not return for the sequel.",
            "Director Francis Lawrence is in talks to replace him.",
            "The director said he had no time.",
        ]
    )
    assert referents(first)["Gary Ross"] == ("gary", "ross")
    assert "director" not in referents(third)


@pytest.mark.nlp
def test_mentions_with_one_head_and_other_numbers_are_two_things():
    a = "Klitschko knocked Thompson down in the sixth round in Bern."
    b = "Klitschko knocked Thompson down in the 11th round in Bern."
    assert not [d for d in differences(a, b) if d.kind == "naming"]


@pytest.mark.nlp
@pytest.mark.model
def test_actions_of_aligned_sentences_told_in_other_words(encoder):
    from newsdiff.framing.differences import phrase_encoder

    a = "The inmate escaped from two guards at a Houston medical centre on Tuesday."
    b = "The inmate fled from two guards at a Houston medical centre on Tuesday."
    naming = [
        (a[d.span_a[0] : d.span_a[1]], b[d.span_b[0] : d.span_b[1]])
        for d in differences(a, b, encode=phrase_encoder(encoder.encode))
        if d.kind == "naming" and d.span_a and d.span_b
    ]
    assert ("escaped", "fled") in naming


def mention_texts(text: str) -> dict[str, str]:
    return {m.text: m.cls for m in Passage(text).parsed.mentions}


@pytest.mark.nlp
def test_a_possessor_is_a_mention_of_its_own():
    found = mention_texts("Police said Gray's family had not been told.")
    assert "Gray" in found
    assert "family" in found


@pytest.mark.nlp
def test_an_age_or_a_crowd_standing_for_people_is_a_description():
    found = mention_texts("Dozens protested after police shot the 16-year-old.")
    assert found["Dozens"] == "thing"
    assert found["16-year-old"] == "thing"
    # as a modifier an age stays a time, and a count before its noun a figure
    assert mention_texts("A 16-year-old boy was shot.")["16-year-old"] == "time"


@pytest.mark.nlp
def test_a_capitalised_description_in_a_headline_refers_to_the_name():
    ((headline, _),) = reports(["Teen shot by police", "Police shot teen Kimani Gray on Saturday."])
    assert referents(headline).get("Teen") == ("kimani", "gray")


@pytest.mark.nlp
def test_a_headline_name_run_into_its_verb_is_the_name_of_the_body():
    ((headline, body),) = reports(
        [
            "Lindsay Lohan Checks Into Betty Ford After Fleeing Other Rehab Facility",
            "Lindsay Lohan left rehab in Newport Beach on Thursday.",
        ]
    )
    assert referents(body)["Lindsay Lohan"] == ("lindsay", "lohan")
    assert [name for text, name in referents(headline).items() if "Lohan" in text] == [
        ("lindsay", "lohan")
    ]
    # where the body gives no longer name, the headline's run still begins with hers
    run = Referent("person", ("lindsay", "lohan", "checks", "into", "rehab"))
    assert run.same(Referent("person", ("lindsay", "lohan")))
    assert not run.same(Referent("person", ("lindsay", "vonn")))


@pytest.mark.nlp
def test_a_possessor_refers_to_the_name_it_is_within():
    ((_, second),) = reports(
        [
            "Lindsay Lohan checked into rehab on Thursday.",
            "Lohan's lawyer said the actress' stay would last 90 days.",
        ]
    )
    found = referents(second)
    assert found["Lohan"] == ("lindsay", "lohan")


@pytest.mark.nlp
def test_an_abbreviation_of_a_phrase_in_lower_case():
    a = "The Saints placed running back Pierre Thomas on injured reserve on Tuesday."
    b = "The Saints placed running back Pierre Thomas on IR on Tuesday."
    assert ("injured reserve", "IR") in named(a, b)


@pytest.mark.nlp
def test_a_headline_names_a_person_of_the_body_by_the_surname():
    ((headline, _),) = reports(
        [
            "Teixeira Reportedly Bumped From Yankees Lineup",
            "Mark Teixeira did not play on Tuesday, the team said.",
        ]
    )
    assert list(referents(headline).values()) == [("mark", "teixeira")]
    # a sentence of the body with names in it is not a headline
    ((_, body),) = reports(
        ["Yankees Sign Teixeira", "Mark Teixeira signed with the New York Yankees."]
    )
    assert referents(body)["Mark Teixeira"] == ("mark", "teixeira")


def test_one_name_spelt_two_ways_or_shortened_is_one_referent():
    centre = Referent("group", ("promises", "treatment", "centre"))
    assert centre.same(Referent("group", ("promises", "treatment", "center")))
    assert Referent("person", ("jerymayne", "timmons")).same(
        Referent("person", ("jermayne", "timmons"))
    )
    # an institution's first words stand for it; a place's do not
    assert Referent("group", ("morningside",)).same(Referent("place", ("morningside", "recovery")))
    assert not Referent("place", ("wasilla",)).same(
        Referent("group", ("wasilla", "bible", "church"))
    )
    # short first names a letter apart are two names
    assert not Referent("person", ("kate", "jenkin")).same(Referent("person", ("katie", "jenkin")))


@pytest.mark.nlp
def test_a_company_s_legal_form_is_not_part_of_its_name():
    (a,), (b,) = reports(
        ["Microsoft Corp. released an emergency patch for its browser."],
        ["Microsoft said the flaw affects every version of Internet Explorer."],
    )
    assert referents(a)["Microsoft Corp."] == referents(b)["Microsoft"] == ("microsoft",)


@pytest.mark.nlp
@pytest.mark.parametrize(
    "a, b, longer",
    [
        (
            "Williams died in her sleep in Beverly Hills, Calif., on Thursday.",
            "Williams died peacefully in her sleep Thursday in Beverly Hills.",
            "Beverly Hills, Calif.",
        ),
        (
            "Lohan's lawyer Mark Heller said she was in rehab.",
            "Mark Heller told the judge she was in rehab.",
            "lawyer Mark Heller",
        ),
        (
            "The fight was at the SAP-Arena in Mannheim, Germany.",
            "The fight was at the SAP-Arena in Germany.",
            "SAP-Arena in Mannheim, Germany",
        ),
    ],
)
def test_one_thing_named_at_other_lengths_is_a_lesser_naming_difference(a, b, longer):
    found = [
        (a[d.span_a[0] : d.span_a[1]], d)
        for d in differences(a, b)
        if d.kind == "naming" and d.span_a and d.span_b
    ]
    fuller = [d for said, d in found if said == longer]
    assert fuller, found
    assert "one more fully" in fuller[0].explanation
    assert fuller[0].score < min((d.score for _, d in found if d not in fuller), default=1.0)


@pytest.mark.nlp
def test_one_name_at_one_length_in_both_is_no_difference():
    a = "Williams died in Beverly Hills, Calif., on Thursday."
    b = "Williams died on Thursday in Beverly Hills, Calif., her family said."
    assert not any("more fully" in d.explanation for d in differences(a, b))


@pytest.mark.nlp
def test_a_nationality_said_of_a_person_refers_to_that_person():
    (first, second), (b,) = reports(
        [
            "Klitschko kept his belts by stopping American challenger Tony Thompson.",
            "Klitschko stopped the 40-year-old American in the sixth round.",
        ],
        ["Wladimir Klitschko beat Tony Thompson on Saturday."],
    )
    assert referents(second)["American"] == referents(b)["Tony Thompson"] == ("tony", "thompson")
    # a nationality before a name is not a name of its own that other reports could share
    assert referents(first)["American"] != ("tony", "thompson")


def test_forms_of_one_word_are_one_family():
    from newsdiff.text.derivation import compound_of, one_family

    assert one_family("die", "death") and one_family("dead", "die")
    assert one_family("quake", "earthquake") and compound_of("fire", "gunfire")
    assert not one_family("die", "die")  # one lemma: worded alike, not a difference
    assert not one_family("fire", "blaze")  # a synonym, not a form
    assert not compound_of("ding", "building")  # "buil" is no word


@pytest.mark.nlp
def test_an_action_told_as_a_verb_and_as_a_noun_is_one_action():
    a = "Fred LaRue died on Saturday in a Biloxi hotel."
    b = "The death of Fred LaRue on Saturday was announced in Biloxi."
    assert ("died", "death") in named(a, b)


@pytest.mark.nlp
def test_a_count_standing_alone_stands_for_what_it_counts():
    from newsdiff.text.mentions import mentions

    counted = Passage("The gunman killed two before police arrived.").parsed.doc
    assert {m.text: m.cls for m in mentions(counted)}["two"] == "thing"
    figure = Passage("The gunman fired 12 shots.").parsed.doc
    assert {m.text: m.cls for m in mentions(figure)}["12"] == "number"
