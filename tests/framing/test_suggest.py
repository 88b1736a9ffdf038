"""newsdiff/framing/suggest.py: the suggestions are the differences engine's, one per distinct
difference per event, ranked, the kinds judged reliable by default; accept / edit / reject in
one click."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from newsdiff.framing import engine, suggest
from newsdiff.framing.models import Annotation, AuditEntry, Decision
from tests.support.factories import get_tag, make_article, make_event, make_outlet, make_user
from tests.support.pages import HX, istanbul_corpus

pytestmark = [pytest.mark.nlp, pytest.mark.django_db]


def words(candidate: suggest.Candidate, a: str, b: str) -> tuple[str, str]:
    return candidate.words(a, b)


def test_a_pair_s_suggestions_are_the_engine_s_differences_ranked() -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    a, b = sorted([rt, belta], key=lambda p: p.pk)
    # The two passages read with the articles of their event (its whole articles).
    contexts = engine.Contexts.of([(a.pk, b.pk)])
    group = contexts.read_with((a.pk, b.pk), (a.article_id, b.article_id))
    assert group == {m.article_id for m in corpus.event.members.all()}
    rows = engine.article_rows(group)
    found = engine.read_in_context([(a.pk, b.pk)], contexts, rows, None)[a.pk, b.pk]
    candidates = suggest.for_pair(a, b)
    assert {c.difference for c in candidates} == set(found) and candidates
    ranks = [engine.importance(c.difference) for c in candidates]
    assert ranks == sorted(ranks, reverse=True)
    # Only the kinds judged reliable unless every kind is asked for.
    shown = suggest.for_pair(a, b, all_kinds=False)
    assert {c.suggester for c in shown} <= engine.SHOWN_BY_DEFAULT
    assert [c for c in candidates if c.suggester in engine.SHOWN_BY_DEFAULT] == shown


def test_names_figures_and_dates_rank_above_plain_word_choice() -> None:
    a = make_article(
        ["At least 40 people were killed on Monday when the old bridge collapsed, police said."]
    ).paragraphs.get()
    b = make_article(
        ["At least 45 people were killed on Monday when the ancient bridge fell, police claimed."]
    ).paragraphs.get()
    kinds = [c.suggester for c in suggest.for_pair(a, b)]
    assert "figure" in kinds and "word_choice" in kinds
    assert kinds.index("figure") < kinds.index("word_choice")
    assert kinds.index("attribution") < kinds.index("word_choice")


def test_one_suggestion_per_distinct_difference_per_event(client: Client) -> None:
    """David Arakhamia is named only in RT's 2023 passage: both of its pairs find it; it is
    suggested once, on the first pair, and the other pair's panel points there."""
    corpus = istanbul_corpus()
    rt_2024, rt_2023, belta = corpus.paragraphs
    first = tuple(sorted([rt_2023, rt_2024], key=lambda p: p.pk))
    second = tuple(sorted([rt_2023, belta], key=lambda p: p.pk))
    for pair in (first, second):
        people = [words(c, pair[0].text, pair[1].text) for c in suggest.for_pair(*pair)]
        assert sum("David Arakhamia" in w for w in people) == 1
    here = suggest.panel(*first)
    there = suggest.panel(*second)
    assert any("David Arakhamia" in words(c, *(p.text for p in first)) for c in here.own)
    moved = [(c, ids) for c, ids in there.elsewhere if c.suggester == "person"]
    assert [ids for c, ids in moved if "Arakhamia" in c.explanation] == [(first[0].pk, first[1].pk)]
    assert not any("Arakhamia" in c.explanation for c in there.own)

    client.force_login(make_user("researcher"))
    html = client.get(f"/framing/pairs/{second[0].pk}/{second[1].pk}/", **HX).content.decode()
    assert "suggested once on another pair of this event" in html
    assert f'href="/framing/pairs/{first[0].pk}/{first[1].pk}/"' in html


def test_accept_edit_and_reject_in_one_click_each(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    a, b = sorted([rt, belta], key=lambda p: p.pk)
    candidates = suggest.for_pair(a, b)
    person = next(c for c in candidates if c.suggester == "person")
    hidden = [c for c in candidates if c.suggester not in engine.SHOWN_BY_DEFAULT]
    other, third = hidden[0], hidden[1]
    user = make_user("researcher")
    client.force_login(user)
    url = f"/framing/pairs/{a.pk}/{b.pk}/"
    panel = client.get(url, **HX).content.decode()
    assert f'data-key="{person.key}"' in panel and "Accept</button>" in panel
    assert f'data-key="{other.key}"' not in panel  # a kind shown on request only
    every = client.get(url, {"kinds": "all"}, **HX).content.decode()
    assert f'data-key="{other.key}"' in every

    client.post(url + "decisions/", {"key": other.key, "verdict": "accepted"}, **HX)
    accepted = Annotation.objects.get()
    assert accepted.tag.slug == engine.TAGS[other.suggester]
    assert accepted.suggestion.suggester == other.suggester
    assert (accepted.span_text(), accepted.other_span_text()) == words(other, a.text, b.text)
    client.post(url + "decisions/", {"key": third.key, "verdict": "rejected"}, **HX)
    # Edit: the form comes prefilled, the researcher changes the type, and saves.
    form = client.get(url, {"suggestion": person.key}, **HX).content.decode()
    person_words = words(person, a.text, b.text)
    assert "Accept with edits" in form and f'value="{max(person_words)}"' in form
    data = {
        "tag": get_tag("emphasis").pk,
        "words_a": person_words[0],
        "words_b": person_words[1],
        "suggestion": person.key,
        "note": "who speaks",
    }
    client.post(url + "tags/", data, **HX)
    verdicts = dict(Decision.objects.values_list("suggestion__key", "verdict"))
    assert verdicts == {other.key: "accepted", third.key: "rejected", person.key: "edited"}
    edited = Annotation.objects.get(suggestion__suggester="person")
    assert edited.tag.slug == "emphasis" and edited.note == "who speaks"
    assert AuditEntry.objects.filter(model="decision").count() == 3
    # One verdict per researcher and suggestion; another researcher judges for themselves.
    again = client.post(url + "decisions/", {"key": third.key, "verdict": "accepted"}, **HX)
    assert again.status_code == 400 and b"already judged" in again.content
    client.force_login(make_user("researcher"))
    client.post(url + "decisions/", {"key": third.key, "verdict": "accepted"}, **HX)
    precision = {p.suggester: p for p in suggest.precision()}
    assert set(engine.KINDS) <= set(precision)
    assert precision["person"].edited == 1 and precision["person"].precision == 1.0
    if third.suggester != other.suggester:
        assert precision[third.suggester].precision == 0.5


def test_a_suggestion_that_no_longer_applies_is_refused(client: Client) -> None:
    outlet_a, outlet_b = make_outlet(), make_outlet()
    day = dt.date(2024, 1, 1)
    a = make_article(outlet=outlet_a, paragraphs=["Talks in Kiev."], published=day)
    b = make_article(outlet=outlet_b, paragraphs=["Talks in Kyiv."], published=day)
    pa, pb = a.paragraphs.get(), b.paragraphs.get()
    make_event([pa, pb])
    client.force_login(make_user("researcher"))
    response = client.post(
        f"/framing/pairs/{pa.pk}/{pb.pk}/decisions/",
        {"key": "naming:0:1:2:3", "verdict": "accepted"},
    )
    assert response.status_code == 400 and b"no longer applies" in response.content
    assert not Annotation.objects.exists()
