"""Every event's passage pairs with the differences the engine finds in them, for
``manage.py export_differences``.

A pair is any two passages of two different articles that sit in one event (not only the
pairs the matcher stored as strongest partners); its ``score`` is the stored alignment's, or
None. Each passage is read as the pages read it (``engine.in_context``, with the engine's
encoder by default), so the export, the highlight and the suggestions give the same
differences; it is parsed once, however many pairs it is in, and each phrase the engine
compares in meaning is encoded once.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations
from typing import Any, TextIO

from newsdiff.articles.models import Article, Paragraph
from newsdiff.framing.engine import Contexts, Row, article_rows, read_in_context
from newsdiff.framing.engine import phrase_encoder as phrase_encoder  # the export's callers
from newsdiff.matching.models import Alignment, Event, EventParagraph
from newsdiff.text.mentions import Encode
from newsdiff.text.passages import Difference, analyse

FORMAT_VERSION = 1


def event_pairs() -> Iterator[tuple[int, int, int]]:
    """(event id, paragraph a, paragraph b), a < b, of every two passages of two different
    articles in one event."""
    members: dict[int, list[tuple[int, int]]] = {}
    for event_id, paragraph_id, article_id in EventParagraph.objects.values_list(
        "event_id", "paragraph_id", "article_id"
    ).order_by("event_id", "paragraph_id"):
        members.setdefault(event_id, []).append((paragraph_id, article_id))
    for event_id, rows in members.items():
        for (pa, aa), (pb, ab) in combinations(sorted(rows), 2):
            if aa != ab:
                yield event_id, pa, pb


def _difference(d: Difference) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "score": round(d.score, 3),
        "span_a": list(d.span_a) if d.span_a else None,
        "span_b": list(d.span_b) if d.span_b else None,
        "explanation": d.explanation,
    }


def _of_event(
    pairs: list[tuple[int, int, int]], start: int, event_id: int
) -> Iterator[tuple[int, int, int]]:
    """The pairs of ``event_id`` from ``start`` on (``pairs`` come event by event)."""
    for pair in itertools.islice(pairs, start, None):
        if pair[0] != event_id:
            return
        yield pair


def write_differences(
    out: TextIO,
    encode: Encode | None = None,
    progress: Callable[[list[tuple[int, int, int]]], Iterable[tuple[int, int, int]]] = iter,
    referents: bool = True,
) -> tuple[int, int]:
    """Write the export as JSON to ``out``: articles, paragraphs, events, and every event
    pair with its differences. Pairs are written as they are compared (an event of a few
    hundred passages has tens of thousands of pairs). With ``referents`` (the default), what
    each mention refers to is read from the whole articles of the pair's event, as the pages read
    it; without, each pair's two passages are compared alone. Returns (pairs, differences)."""
    articles = list(Article.objects.for_reading().select_related("outlet").order_by("id"))
    paragraphs = list(Paragraph.objects.order_by("article_id", "position"))
    events = list(Event.objects.order_by("id").prefetch_related("members"))
    pairs = list(event_pairs())
    # Each pair read as the pages read it: with the articles of its context event.
    contexts = Contexts.of((a, b) for _, a, b in pairs)
    paired = {p for _, a, b in pairs for p in (a, b)}
    rows = article_rows({p.article_id for p in paragraphs if p.pk in paired})
    docs = dict(zip((r.text for r in rows), analyse(r.text for r in rows), strict=True))
    of_article: dict[int, list[Row]] = {}
    for r in rows:
        of_article.setdefault(r.article, []).append(r)
    seen = Counter((a, b) for _, a, b in pairs)
    kept: dict[tuple[int, int], list[Difference]] = {}  # pairs of several events, found once
    scores = {
        (a, b): s
        for a, b, s in Alignment.objects.values_list("paragraph_a_id", "paragraph_b_id", "score")
    }
    head = {
        "format": FORMAT_VERSION,
        "articles": [
            {
                "id": a.pk,
                "source_file": a.source_file or None,
                "outlet": a.outlet.name,
                "published": a.published.isoformat() if a.published else None,
                "title": a.title,
            }
            for a in articles
        ],
        "paragraphs": [
            {
                "id": p.pk,
                "article": p.article_id,
                "position": p.position,
                "kind": p.kind,
                "text": p.text,
            }
            for p in paragraphs
        ],
        "events": [
            {
                "id": e.pk,
                "label": e.label,
                "members": sorted(m.paragraph_id for m in e.members.all()),
            }
            for e in events
        ],
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "pairs": [')
    found, read = 0, {}
    for k, (event_id, a, b) in enumerate(progress(pairs)):
        if (a, b) not in read and (a, b) not in kept:  # the first pair of its event: read all
            ours = [(x, y) for e, x, y in _of_event(pairs, k, event_id)
                    if contexts.of_pair[x, y] == e]  # fmt: skip
            around = [r for x in sorted(contexts.articles[event_id]) for r in of_article[x]]
            read = read_in_context(ours, contexts, around, encode, referents, docs)
            kept.update((pair, read[pair]) for pair in ours if seen[pair] > 1)
        diffs = read[a, b] if (a, b) in read else kept[a, b]
        found += len(diffs)
        score = scores.get((a, b))
        pair = {
            "a": a,
            "b": b,
            "event": event_id,
            "score": round(score, 4) if score is not None else None,
            "differences": [_difference(d) for d in diffs],
        }
        out.write(("," if k else "") + "\n" + json.dumps(pair, ensure_ascii=False))
    out.write("\n]}\n")
    return len(pairs), found
