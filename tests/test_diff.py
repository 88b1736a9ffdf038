"""The word-level diff helper on its own (no database)."""

from newsdiff.web.diff import Profile, compare, find_people, highlight, highlight_groups

RT = (
    "According to numerous reports, the process was derailed by then-UK Prime Minister "
    "Boris Johnson, who convinced Ukraine to continue fighting."
)
BELTA = (
    "This goes as far back as 2022, when, mainly on the orders of Boris Johnson "
    "[former UK Prime Minister], Kiev bailed out from the already agreed settlement agreement."
)


def test_title_before_a_shared_name_is_marked_as_only_one_side() -> None:
    short, long = compare("Boris Johnson", "then-UK Prime Minister Boris Johnson")
    assert short.marked == []
    assert long.marked == ["then-UK Prime Minister"]
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
    assert "Kiev bailed out" in b.marked
    # Shared words are not marked even though the sentences are ordered differently.
    assert not any("Johnson" in m for m in a.marked + b.marked)
    assert b.numbers == ["2022"] and a.numbers == []


def test_lone_stopwords_are_not_marked_but_bridge_a_phrase() -> None:
    a, _ = compare("talks under the auspices of the OSCE", "talks in Vienna")
    assert a.marked == ["under the auspices of the OSCE"]
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
    assert a.marked == ["matter"] and b.marked == []


def test_a_phrase_never_runs_across_a_sentence_end() -> None:
    a, _ = compare("It came later. Sergey spoke.", "It came. He spoke.")
    assert a.marked == ["later", "Sergey"]


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
