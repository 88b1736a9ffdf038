"""Stable identities: links that answered before an upload still answer after it.

The regrouping is real (the matcher runs on stored vectors); the vectors are set by hand so the
geometry is certain: two events, E1 = {A, B} and E2 = {C, D}, whose cross pairs (A–D, B–C, cosine
0.64) do not hold them together, until an article N close to both (0.90) joins them into one.
"""

from __future__ import annotations

import pytest
from django.test import Client

from newsdiff.articles.models import Article
from newsdiff.matching.models import Alignment, Event, EventRedirect, RetiredAlignment
from newsdiff.matching.service import align_articles, rebuild
from newsdiff.matching.store.identity import match_events
from tests.support.factories import make_story, unit

pytestmark = pytest.mark.django_db

A, B = unit(1, 0, 0.15, 0), unit(1, 0, -0.15, 0)
C, D = unit(0.65, 0.76, 0, 0.15), unit(0.65, 0.76, 0, -0.15)
N = unit(1.65, 0.76, 0, 0)  # between the two stories: 0.90 to each of A, B, C, D
M = unit(1, 0, 0, 0, 0.2)  # close to A and B only


SUFFIXES = ("", "ing", "ed", "er", "ers", "ful", "less", "ish", "ly", "ness", "ment", "ward")
SUFFIXES += ("wise", "like", "some", "ship", "hood", "dom", "ism", "ist")


def texts(*words: str) -> list[str]:
    """Paragraphs sharing no word, so only the vectors decide (no shared-term evidence), each of
    a paragraph's length (a line of three words tells the pair model little)."""
    return [" ".join(w + s for s in SUFFIXES) for w in words]


def two_events() -> tuple[Article, Article]:
    first = make_story(texts("harbour", "glacier"), [A, C])
    second = make_story(texts("tariff", "pipeline"), [B, D])
    align_articles([first.pk, second.pk])
    assert Event.objects.count() == 2
    return first, second


def answering(client: Client) -> dict[str, int]:
    """Every event and pair address, with its status now."""
    urls = [e.get_absolute_url() for e in Event.objects.all()]
    for a in Alignment.objects.all():
        urls += [a.get_absolute_url(), f"/alignments/{a.pk}/"]
    return {url: client.get(url).status_code for url in urls}


def test_an_event_keeps_its_id_when_it_grows(client: Client) -> None:
    two_events()
    before = answering(client)
    e1 = Event.objects.get(members__paragraph__text__startswith="harbour")
    pair_ids = dict(Alignment.objects.values_list("paragraph_a", "id"))
    grown = make_story(texts("senate"), [M])
    align_articles([grown.pk])
    e1.refresh_from_db()  # still there, under the same id, now with three reports
    assert e1.members.count() == 3 and Event.objects.count() == 2
    assert set(pair_ids.items()) <= set(Alignment.objects.values_list("paragraph_a", "id"))
    after = answering(client)
    assert all(after[url] == status for url, status in before.items())


def test_urls_survive_an_upload_that_merges_two_events(client: Client) -> None:
    two_events()
    events = {e.pk: e.label for e in Event.objects.all()}
    before = answering(client)
    assert sorted(set(before.values())) == [200, 301]  # pages, and old ids pointing at pairs
    bridge = make_story(texts("drought"), [N])
    report = align_articles([bridge.pk])
    assert (report.events, report.removed) == (1, 1)
    merged = Event.objects.get()
    assert merged.pk == min(events)  # a tie in paragraphs held: the older id stays
    assert merged.members.count() == 5
    for url, status in before.items():
        response = client.get(url)
        if url.startswith("/events/") and url != merged.get_absolute_url():
            old = int(url.split("/")[2])
            target = f"{merged.get_absolute_url()}?merged={old}"
            assert (response.status_code, response["Location"]) == (301, target)
            page = client.get(target).content.decode()
            assert "was merged into this one" in page and events[old] in page
        elif url.startswith("/alignments/"):
            assert response.status_code == 301
            assert client.get(response["Location"]).status_code == 200
        else:
            assert response.status_code == status == 200, url
    plain = client.get(merged.get_absolute_url()).content.decode()
    assert "was merged into" not in plain  # said once: to whoever came by the old link
    wrong = client.get(f"{merged.get_absolute_url()}?merged=424242").content.decode()
    assert "was merged into" not in wrong


def test_a_pair_no_longer_aligned_keeps_its_address(client: Client) -> None:
    """The bridge goes (its article deleted), a rebuild splits the event again: the cross
    pairs A–D and B–C are no longer aligned, yet their addresses answer, saying so."""
    two_events()
    bridge = make_story(texts("drought"), [N])
    align_articles([bridge.pk])
    merged = Event.objects.get()
    cross = Alignment.objects.exclude(paragraph_a__article=bridge).exclude(
        paragraph_b__article=bridge
    )
    urls = {a.pk: a.get_absolute_url() for a in cross}
    assert len(urls) == 4  # A–B, C–D, A–D, B–C
    bridge.delete()
    rebuild()
    assert Event.objects.count() == 2 and Event.objects.filter(pk=merged.pk).exists()
    retired = RetiredAlignment.objects.filter(pk__in=urls)
    assert retired.count() == 2
    for pk, url in urls.items():
        page = client.get(url)
        assert page.status_code == 200
        assert ("no longer aligned" in page.content.decode()) == (pk in {r.pk for r in retired})
        old = client.get(f"/alignments/{pk}/")
        assert (old.status_code, old["Location"]) == (301, url)


def test_an_event_whose_passages_no_longer_group_answers_410(client: Client) -> None:
    _, second = two_events()
    gone = Event.objects.get(members__paragraph__text__startswith="glacier")
    second.delete()  # C's partner goes: nothing is left to group
    rebuild()
    assert EventRedirect.objects.filter(old_id=gone.pk, target=None).exists()
    response = client.get(gone.get_absolute_url())
    assert response.status_code == 410
    assert "no longer exists" in response.content.decode()


def test_match_events_keeps_the_largest_overlap_and_redirects_the_rest() -> None:
    old = {1: {10, 11, 12}, 2: {20, 21}, 3: {30}}
    new = [{10, 11, 20, 21, 22}, {12, 40}]
    kept, moved = match_events(old, new)
    # Cluster 0 holds two of event 1 and two of event 2: the smaller id keeps it; cluster 1
    # takes nobody's id (event 1 is taken), so it is new. Event 2 went into cluster 0;
    # event 3's paragraph is in no cluster.
    assert kept == [1, None]
    assert moved == {2: 0, 3: None}
