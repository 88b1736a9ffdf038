"""newsdiff/framing/engine.py: the engine as the pages use it (cache, kinds shown by default,
one difference per event), and the hand judgements that choose the kinds shown."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from newsdiff.framing import engine
from tests.support.factories import make_article

JUDGED = Path(__file__).resolve().parent.parent.parent / "docs" / "judged_differences.json"


def test_the_kinds_shown_by_default_are_those_judged_precise() -> None:
    rows = json.loads(JUDGED.read_text(encoding="utf-8"))["judged"]
    assert len(rows) >= 60 and {r["kind"] for r in rows} <= set(engine.KINDS)
    assert all(isinstance(r["useful"], bool) and r["explanation"] for r in rows)
    judged = Counter(r["kind"] for r in rows)
    useful = Counter(r["kind"] for r in rows if r["useful"])
    precise = {k for k, n in judged.items() if useful[k] / n >= engine.PRECISION_BAR}
    assert precise == engine.SHOWN_BY_DEFAULT
    assert engine.kinds_shown(all_kinds=True) == frozenset(engine.KINDS)


@pytest.mark.nlp
@pytest.mark.django_db
def test_a_pair_is_compared_once_and_either_way_round(monkeypatch) -> None:
    a = make_article(["Zelenskiy met Lavrov in Antalya on Thursday, officials said."])
    b = make_article(["Zelensky met Lavrov in Antalya on Thursday, officials claimed."])
    pa, pb = (
        a.paragraphs.select_related("article").get(),
        b.paragraphs.select_related("article").get(),
    )
    (found,) = engine.pair_differences([(pa, pb)])
    assert {d.kind for d in found} >= {"attribution"}

    def parse(texts):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed again")

    monkeypatch.setattr(engine, "analyse", parse)
    (again,), (turned,) = engine.pair_differences([(pa, pb)]), engine.pair_differences([(pb, pa)])
    assert again == found
    assert [(d.span_a, d.span_b) for d in turned] == [(d.span_b, d.span_a) for d in found]
    # another text is another key: compared afresh
    pb.text = pb.text.replace("Thursday", "Friday")
    with pytest.raises(AssertionError, match="parsed again"):
        engine.pair_differences([(pa, pb)])


@pytest.mark.nlp
@pytest.mark.django_db
def test_the_same_difference_on_many_pairs_is_one() -> None:
    texts = [
        "The talks in Istanbul ended on Friday, and Boris Johnson flew to Kyiv the next week.",
        "The talks in Istanbul ended on Friday, and a British minister flew to Kyiv the next week.",
        "The talks in Istanbul ended on Friday; a senior British official flew to Kyiv a week later.",
    ]
    a, b, c = (make_article([t]).paragraphs.select_related("article").get() for t in texts)
    pairs = [(a, b), (a, c), (b, c)]
    every = [d for found in engine.pair_differences(pairs) for d in found if d.kind == "date"]
    assert len(every) == 2  # "next week" / "a week later" on two pairs
    found = engine.distinct(pairs, frozenset(engine.KINDS))
    dates = [f for f in found if f.difference.kind == "date"]
    assert len(dates) == 1 and (dates[0].a, dates[0].b) == (a, c)  # kept on the first pair
    assert len({f.wording for f in found}) == len(found)
    ranks = [engine.importance(f.difference) for f in found]
    assert ranks == sorted(ranks, reverse=True)
