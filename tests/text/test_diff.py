"""The word-level diff helper on its own (no database)."""

from newsdiff.text.diff import Highlight, Profile, find_people, highlight, highlight_groups

RT = (
    "According to numerous reports, the process was derailed by then-UK Prime Minister "
    "Boris Johnson, who convinced Ukraine to continue fighting."
)
BELTA = (
    "This goes as far back as 2022, when, mainly on the orders of Boris Johnson "
    "[former UK Prime Minister], Kiev bailed out from the already agreed settlement agreement."
)


def compare(a: str, b: str) -> tuple[Highlight, Highlight]:
    """Both sides of a pair, each marked against the other."""
    return highlight(a, [Profile.of(b)]), highlight(b, [Profile.of(a)])


def test_title_before_a_shared_name_is_marked_as_only_one_side() -> None:
    short, long = compare("Boris Johnson", "then-UK Prime Minister Boris Johnson")
    assert short.words == []
    assert long.words == ["then-UK Prime Minister"]
    assert long.marked == ["UK"]  # a title is not a difference in substance; the country is
    # The person is on both sides, so neither calls him out.
    assert short.people == [] and long.people == []


def test_segments_rebuild_the_original_text_exactly() -> None:
    a, b = compare(RT, BELTA)
    assert "".join(s.text for s in a.segments) == RT
    assert "".join(s.text for s in b.segments) == BELTA


def test_case_and_punctuation_are_ignored() -> None:
    a, b = compare("Moscow said: NATO must stop!", "moscow said nato must stop")
    assert a.marked == [] and b.marked == []


def test_paraphrase_marks_words_wherever_they_sit() -> None:
    a, b = compare(RT, BELTA)
    assert "derailed" in " ".join(a.marked)
    assert "Kiev bailed" in b.marked  # "out" is ordinary: marked in the strict view only
    assert "Kiev bailed out" in b.words
    # Shared words are not marked even though the sentences are ordered differently.
    assert not any("Johnson" in m for m in a.marked + b.marked)
    assert b.numbers == ["2022"] and a.numbers == []


def test_lone_stopwords_are_not_marked_but_bridge_a_phrase() -> None:
    a, _ = compare("talks under the auspices of the OSCE", "talks in Vienna")
    assert a.words == ["under the auspices of the OSCE"]
    assert a.marked == ["auspices of the OSCE"]
    a, _ = compare("the talks", "talks")
    assert a.marked == []


def test_numbers_compare_without_separators() -> None:
    a, b = compare("massing 100,000 troops in 2021", "with 100000 troops in 2022")
    assert a.numbers == ["2021"] and b.numbers == ["2022"]
    assert a.marked == ["massing", "2021"]


def test_quotes_only_one_side_has_are_called_out() -> None:
    a, b = compare(
        "Lavrov said “It’s not true,” and called it “any serious proposal” again.",
        'Lavrov said "any serious proposal" would be heard.',
    )
    assert a.quotes == ["It’s not true,"]
    assert b.quotes == []


def test_people_found_after_titles_and_compared_by_surname() -> None:
    assert find_people(
        "Russian Foreign Minister Sergey Lavrov met Belarusian FM Sergey Aleinik"
    ) == [
        "Sergey Lavrov",
        "Sergey Aleinik",
    ]
    assert find_people("Though Russian and Ukrainian negotiators met in New York in March") == []
    assert find_people("then-British Prime Minister Boris Johnson’s role") == ["Boris Johnson"]
    a, b = compare("Sergei Lavrov said so, as did David Arakhamia.", "Sergey Lavrov said so.")
    assert a.people == ["David Arakhamia"] and b.people == []


def test_highlight_against_many_passages_marks_what_no_other_has() -> None:
    others = [Profile.of("Talks in Istanbul in March 2022."), Profile.of("Boris Johnson objected.")]
    result = highlight("Istanbul talks, March 2022, Boris Johnson and Arakhamia.", others)
    assert result.marked == ["Arakhamia"]
    assert result.has_callouts is False
    assert highlight("Nothing to compare with.", []).marked == []


def test_inflections_are_not_differences() -> None:
    a, b = compare("The talks reached a deal; this does matter.", "talk reaching deals")
    assert a.words == ["matter"] and b.words == []


def test_a_phrase_never_runs_across_a_sentence_end() -> None:
    a, _ = compare("It came later. Sergey spoke.", "It came. He spoke.")
    assert a.words == ["later", "Sergey"]


def test_highlight_groups_equals_highlight_against_other_groups() -> None:
    texts = [
        (1, RT),
        (1, "Talks in Istanbul in March 2022, 14,000 “peace deal talks”."),
        (2, BELTA),
        (3, "Boris Johnson objected to the “peace deal talks” in 2022, said David Arakhamia."),
    ]
    grouped = highlight_groups(texts)
    for (key, text), result in zip(texts, grouped, strict=True):
        others = [Profile.of(t) for k, t in texts if k != key]
        assert result == highlight(text, others)
    assert grouped[1].numbers == ["14000"] and grouped[1].quotes == []
    assert highlight_groups([(1, "Alone."), (1, "Still alone.")])[0].marked == []


ISTANBUL_RT = (
    "Though Russian and Ukrainian negotiators met for multiple rounds of talks in the weeks after "
    "Moscow launched its military operation, the discussions soon collapsed. Kiev has shown "
    "little interest in further dialogue in the months since, with President Vladimir Zelensky "
    "even signing a decree barring negotiations with Putin."
)
ISTANBUL_BELTA = (
    "Sergey Lavrov said Russia does not refuse to engage in negotiations with Ukraine. In 2022, "
    "on the orders of Boris Johnson, Kiev bailed out from the already agreed settlement."
)


def test_substantive_marks_leave_connectives_titles_and_ordinary_words_alone() -> None:
    """Connectives ("Though", "During"), titles ("President") and plain vocabulary are not
    differences."""
    rt, _ = compare(ISTANBUL_RT, ISTANBUL_BELTA)
    marked = " ".join(rt.marked)
    for ordinary in ("Though", "President", "weeks", "little", "months", "multiple", "talks"):
        assert ordinary not in marked.split(), ordinary
    # Names, the decree and how the talks ended are what this report alone says.
    for substantive in ("Vladimir Zelensky", "decree", "collapsed", "Putin"):
        assert substantive in marked, substantive
    # The strict view still has every word no other report uses.
    assert {"Though", "weeks"} <= set(" ".join(rt.words).split())
    assert len(rt.marked) < len(rt.words)


def test_close_variants_count_as_the_same_word() -> None:
    a, _ = compare("Ukrainian negotiators left.", "Ukraine's negotiations ended.")
    assert "Ukrainian" not in " ".join(a.marked) and "negotiators" not in " ".join(a.marked)
    assert a.words == ["Ukrainian negotiators left"]  # different words, the same content


def test_attribution_and_evaluative_wording_is_marked_however_common() -> None:
    a, b = compare(
        "Officials claimed the talks were derailed by London.",
        "Officials said the talks ended after a visit from London.",
    )
    assert a.marked == ["claimed", "derailed"]
    assert "said" not in b.marked  # plain attribution, though only this side has it


def test_a_first_name_is_no_difference_when_the_surname_is_shared() -> None:
    a, _ = compare("Sergey Lavrov met Belarusian FM Sergey Aleinik.", "Dmitry Lavrov spoke.")
    # Lavrov is in both: his first name is no difference; Aleinik is a person only this has.
    assert a.marked == ["Belarusian", "Sergey Aleinik"]
    assert a.people == ["Sergey Aleinik"]
    assert a.words[0] == "Sergey"  # the strict view still shows it
