"""The seed corpus as the real pipeline stores it: the reading pages mark exactly the
differences engine's differences, the framing panel suggests them and ``export_differences``
writes them, for the same pair the same ones; the default highlight marks few words."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from newsdiff.articles.models import Paragraph
from newsdiff.framing import engine
from newsdiff.matching.models import Event
from newsdiff.text.patterns import TOKEN
from tests.support.factories import make_user
from tests.support.pages import HX

pytestmark = [pytest.mark.model, pytest.mark.nlp, pytest.mark.django_db]

BLOCK = re.compile(r'<blockquote class="text">(.*?)</blockquote>', re.S)
MARK = re.compile(r'<mark class="only[^"]*"(?: tabindex="0" title="([^"]*)")?>(.*?)</mark>', re.S)


@pytest.fixture
def seeded(seeds) -> None:
    call_command("ingest", "--manifest", str(seeds / "manifest.json"), verbosity=0)


def passage(outlet: str, start: str) -> Paragraph:
    return Paragraph.objects.select_related("article__outlet").get(
        article__outlet__name=outlet, text__startswith=start
    )


def marks(page: str) -> list[tuple[str, str]]:
    """(words, title) of every difference marked in the page's passages: a mark is cut where
    another overlaps it, so the words of the pieces titled with one difference are joined."""
    found: dict[tuple[int, str], str] = {}
    for i, block in enumerate(BLOCK.findall(page)):
        for title, words in MARK.findall(block):
            for line in html.unescape(title).split("\n"):
                found[i, line] = found.get((i, line), "") + html.unescape(words)
    return [(words, title) for (_, title), words in found.items()]


def marked_share(page: str) -> tuple[int, int]:
    """(words inside a mark, words) of the page's passages."""
    marked = total = 0
    for block in BLOCK.findall(page):
        total += len(TOKEN.findall(html.unescape(re.sub(r"<[^>]+>", "", block))))
        marked += sum(len(TOKEN.findall(html.unescape(w))) for _, w in MARK.findall(block))
    return marked, total


def event_of(p: Paragraph) -> Event:
    return Event.objects.get(members__paragraph=p)


def test_the_three_press_tv_and_ap_differences_are_marked_and_suggested(
    client: Client, seeded, tmp_path
) -> None:
    demands = (
        passage("Press TV", "Back in December last year"),
        passage("Associated Press", "Last week, Moscow filed"),
    )
    answer = (
        passage("Press TV", "The West, however, has flatly rejected"),
        passage("Associated Press", "Washington and its allies have refused"),
    )
    event = event_of(demands[0])
    assert event == event_of(demands[1]) == event_of(answer[0]) == event_of(answer[1])

    page = client.get(event.get_absolute_url(), {"kinds": "all"}).content.decode()
    found = marks(page)
    for words, kind in [
        ("December last year", "Date"),
        ("Last week", "Date"),
        ("legally binding", "Left out"),
        ("flatly rejected", "Evaluative"),
        ("ready for talks", "Evaluative"),
    ]:
        assert any(w == words and t.startswith(kind) for w, t in found), words
    # The kinds shown by default do not include these three: the default page offers them.
    default = client.get(event.get_absolute_url()).content.decode()
    assert "?kinds=all" in default
    assert not any(w == "legally binding" for w, _ in marks(default))

    # One engine: the export as it runs by default (the embedding model, what mentions refer
    # to in their whole articles), the panel and the page give the same differences for a pair.
    out = tmp_path / "differences.json"
    call_command("export_differences", "--output", str(out))
    pairs = {(p["a"], p["b"]): p for p in json.loads(out.read_text())["pairs"]}
    client.force_login(make_user("researcher"))
    for a, b in (sorted(demands, key=lambda p: p.pk), sorted(answer, key=lambda p: p.pk)):
        exported = pairs[a.pk, b.pk]["differences"]
        keys = {
            f"{d['kind']}:{(d['span_a'] or [None])[0]}:{(d['span_a'] or [None, None])[1]}:"
            f"{(d['span_b'] or [None])[0]}:{(d['span_b'] or [None, None])[1]}"
            for d in exported
        }
        panel = client.get(f"/framing/pairs/{a.pk}/{b.pk}/", {"kinds": "all"}, **HX)
        assert set(re.findall(r'data-key="([^"]+)"', panel.content.decode())) == keys
        evidence = client.get(f"/pairs/{a.pk}-{b.pk}/", {"kinds": "all"}, **HX).content.decode()
        titles = "\n".join(t for _, t in marks(evidence))
        assert all(d["explanation"] in titles for d in exported)
        assert {
            (d["kind"], tuple(d["span_a"] or ()), tuple(d["span_b"] or ())) for d in exported
        } == {
            (d.kind, d.span_a or (), d.span_b or ()) for d in engine.pair_differences([(a, b)])[0]
        }


def test_the_default_highlight_marks_at_most_a_tenth_of_the_seed_words(
    client: Client, seeded
) -> None:
    marked = total = every = 0
    for event in Event.objects.all():
        page = client.get(event.get_absolute_url()).content.decode()
        m, n = marked_share(page)
        marked, total = marked + m, total + n
        every += marked_share(
            client.get(event.get_absolute_url(), {"kinds": "all"}).content.decode()
        )[0]
        # every mark is a difference of a kind shown by default, titled with it
        assert all(
            t.split(":")[0].lower() in {engine.KIND_NAMES[k][0] for k in engine.SHOWN_BY_DEFAULT}
            for _, t in marks(page)
        )
    assert total > 400  # the seed events' aligned passages hold about 470 words
    assert marked / total <= 0.10
    assert every > marked  # the other kinds are there, behind the toggle
