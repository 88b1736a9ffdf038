"""newsdiff/framing/suggest.py: each suggester on its own, then accept / edit / reject in one click."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdiff.framing import suggest
from newsdiff.framing.models import Annotation, AuditEntry, Decision
from tests.factories import get_tag, make_article, make_event, make_outlet, make_user
from tests.pages import BELTA, HX, RT_2023, RT_2024, istanbul_corpus

# The Istanbul talks as a Western outlet words them (the seeds are all Russian or Belarusian
# outlets, which write "Kiev").
AP_ISTANBUL = (
    "Officials from Moscow and Kyiv were close to a peace deal at talks in Istanbul in March "
    "2022, Ukrainian negotiator David Arakhamia said."
)


def words(candidate: suggest.Candidate, a: str, b: str) -> tuple[str, str]:
    return candidate.words(a, b)


def test_labels_proposes_kiev_kyiv_as_word_choice_on_the_istanbul_passages() -> None:
    found = suggest.labels(RT_2024, AP_ISTANBUL)
    kiev = [c for c in found if words(c, RT_2024, AP_ISTANBUL) == ("Kiev", "Kyiv")]
    assert (
        len(kiev) == 1 and kiev[0].tag == "word-choice" and "“Kiev” / “Kyiv”" in kiev[0].explanation
    )
    # "peace deal" / "settlement agreement": a label for the same thing.
    found = suggest.labels(RT_2024, BELTA)
    assert [words(c, RT_2024, BELTA) for c in found] == [("peace deal", "settlement agreement")]
    assert suggest.labels(RT_2024, RT_2024) == []


def test_spelling_proposes_one_name_spelled_two_ways() -> None:
    a, b = "Zelensky spoke in Brussels.", "Zelenskiy spoke in Brussels."
    (found,) = suggest.labels(a, b)
    assert found.suggester == "spelling" and words(found, a, b) == ("Zelensky", "Zelenskiy")


def test_attribution_proposes_differing_verbs() -> None:
    (found,) = suggest.attribution(RT_2024, BELTA)
    assert found.tag == "attribution" and words(found, RT_2024, BELTA) == ("said", "emphasized")
    # "claims" and "claimed" are one verb: nothing to propose.
    assert suggest.attribution("Moscow claims X.", "Moscow claimed X.") == []


def test_numbers_proposes_a_differing_number_as_a_factual_discrepancy() -> None:
    a = "At least 40 people were killed in the strike on Tuesday, officials said."
    b = "At least 14 people were killed in the strike on Tuesday, officials said."
    (found,) = suggest.numbers(a, b)
    assert found.tag == "factual-discrepancy" and words(found, a, b) == ("40", "14")
    (year,) = suggest.numbers("the talks in March 2022", "the talks in March 2023")
    assert year.suggester == "year"
    (month,) = suggest.numbers("talks in March 2022", "talks in April 2022")
    assert month.suggester == "month"
    assert suggest.numbers(a, a) == [] and suggest.numbers(a, "No numbers here.") == []


def test_one_sided_proposes_a_quote_or_a_person_only_one_passage_has() -> None:
    found = suggest.one_sided(RT_2023, BELTA)
    kinds = {(c.suggester, *words(c, RT_2023, BELTA)) for c in found}
    assert ("person", "David Arakhamia", "") in kinds  # only RT names him
    assert ("quote", "", "“doesn't walk away from negotiations,”") in kinds
    assert ("person", "", "Boris Johnson") in kinds
    # Lavrov is in both ("Lavrov recalled" / "Sergey Lavrov emphasized"): compared by surname.
    assert not any(
        "Lavrov" in words(c, RT_2023, BELTA)[1] for c in found if c.suggester == "person"
    )


def test_unmatched_sentences_proposes_a_sentence_without_counterpart() -> None:
    a = "Talks in Istanbul ended on Tuesday. Both delegations agreed to meet again next month."
    b = "Talks in Istanbul ended on Tuesday. The weather in the city was unusually warm for March."
    found = suggest.unmatched_sentences(a, b)
    assert [words(c, a, b) for c in found] == [
        ("Both delegations agreed to meet again next month.", ""),
        ("", "The weather in the city was unusually warm for March."),
    ]
    assert all(c.tag == "addition" for c in found)
    assert suggest.unmatched_sentences(a, a) == []


@pytest.mark.django_db
def test_accept_edit_and_reject_in_one_click_each(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    a, b = sorted([rt, belta], key=lambda p: p.pk)
    candidates = suggest.for_pair(a, b)
    label = next(c for c in candidates if c.suggester == "labels")
    verb = next(c for c in candidates if c.suggester == "attribution")
    person = next(c for c in candidates if c.suggester == "person")
    user = make_user("researcher")
    client.force_login(user)
    url = f"/framing/pairs/{a.pk}/{b.pk}/"
    panel = client.get(url, **HX).content.decode()
    assert f'data-key="{label.key}"' in panel and "Accept</button>" in panel

    html = client.post(
        url + "decisions/", {"key": label.key, "verdict": "accepted"}, **HX
    ).content.decode()
    accepted = Annotation.objects.get()
    assert accepted.tag.slug == "word-choice" and accepted.suggestion.suggester == "labels"
    assert {accepted.span_text(), accepted.other_span_text()} == {
        "peace deal",
        "settlement agreement",
    }
    assert '<span class="verdict">accepted</span>' in html
    client.post(url + "decisions/", {"key": verb.key, "verdict": "rejected"}, **HX)
    # Edit: the form comes prefilled, the researcher changes the type, and saves.
    form = client.get(url, {"suggestion": person.key}, **HX).content.decode()
    assert "Accept with edits" in form and f'value="{words(person, a.text, b.text)[1]}"' in form
    person_words = words(person, a.text, b.text)
    data = {
        "tag": get_tag("emphasis").pk,
        "words_a": person_words[0],
        "words_b": person_words[1],
        "suggestion": person.key,
        "note": "who speaks",
    }
    client.post(url + "tags/", data, **HX)
    verdicts = dict(Decision.objects.values_list("suggestion__suggester", "verdict"))
    assert verdicts == {"labels": "accepted", "attribution": "rejected", "person": "edited"}
    edited = Annotation.objects.get(suggestion__suggester="person")
    assert edited.tag.slug == "emphasis" and edited.note == "who speaks"
    assert {edited.span_text(), edited.other_span_text()} == {"", "Sergey Lavrov"}
    assert AuditEntry.objects.filter(model="decision").count() == 3
    # One verdict per researcher and suggestion; another researcher judges for themselves.
    again = client.post(url + "decisions/", {"key": verb.key, "verdict": "accepted"}, **HX)
    assert again.status_code == 400 and b"already judged" in again.content
    client.force_login(make_user("researcher"))
    client.post(url + "decisions/", {"key": verb.key, "verdict": "accepted"}, **HX)
    precision = {p.suggester: p for p in suggest.precision()}
    assert precision["attribution"].precision == 0.5 and precision["labels"].precision == 1.0
    assert precision["person"].edited == 1 and precision["quote"].precision is None


@pytest.mark.django_db
def test_a_suggestion_that_no_longer_applies_is_refused(client: Client) -> None:
    outlet_a, outlet_b = make_outlet(), make_outlet()
    a = make_article(outlet=outlet_a, paragraphs=["Talks in Kiev on Tuesday."]).paragraphs.get()
    b = make_article(outlet=outlet_b, paragraphs=["Talks in Kyiv on Tuesday."]).paragraphs.get()
    make_event([a, b])
    client.force_login(make_user("researcher"))
    response = client.post(
        f"/framing/pairs/{a.pk}/{b.pk}/decisions/", {"key": "labels:0:1:2:3", "verdict": "accepted"}
    )
    assert response.status_code == 400 and b"no longer applies" in response.content
    assert not Annotation.objects.exists()
