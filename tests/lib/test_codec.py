"""lib.codec: dataclasses through JSON and back, by their type hints alone."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from newsdiff.lib.codec import LazyMapping, decode, dumps, encode, pack, unpack


@dataclass(frozen=True, order=True)
class Span:
    start: dt.date
    label: str = ""


@dataclass
class Record:
    names: frozenset[str]
    spans: tuple[Span, ...]
    counts: Counter[str]
    by_id: dict[int, Span]
    previous: int | None
    score: float
    # A field added later: stored and read back without any code for it.
    tags: dict[str, str] = field(default_factory=dict)


def test_a_dataclass_survives_json() -> None:
    record = Record(
        names=frozenset({"kiev", "istanbul"}),
        spans=(Span(dt.date(2022, 3, 29), "29 March 2022"), Span(dt.date(2021, 12, 1))),
        counts=Counter({"talk": 3, "istanbul": 1}),
        by_id={7: Span(dt.date(2024, 1, 2), "x")},
        previous=None,
        score=0.25,
        tags={"istanbul": "Istanbul"},
    )
    text = json.dumps(encode(record))
    back = decode(Record, json.loads(text))
    assert back == record
    assert type(back.names) is frozenset and type(back.counts) is Counter
    assert type(back.spans) is tuple and back.by_id[7].start == dt.date(2024, 1, 2)
    # Positional, so a field's name is not repeated in every stored value.
    assert "previous" not in text and json.loads(text)[4] is None


def test_a_packed_value_is_smaller_and_reads_back() -> None:
    span = Span(dt.date(2022, 3, 29), "talks in Istanbul " * 20)
    packed = pack(span)
    assert isinstance(packed, bytes) and len(packed) < len(dumps(span)) / 3
    assert unpack(Span, packed) == span == unpack(Span, memoryview(packed))


def test_a_type_it_cannot_read_back_is_refused() -> None:
    @dataclass
    class Odd:
        value: complex

    with pytest.raises(TypeError, match="no decoder for"):
        decode(Odd, [1])


@dataclass
class Article:
    paragraphs: Mapping[int, Span]


def test_a_mapping_decodes_a_value_only_when_it_is_read() -> None:
    article = Article({1: Span(dt.date(2022, 3, 29), "a"), 2: Span(dt.date(2021, 12, 1), "b")})
    data = json.loads(json.dumps(encode(article)))
    back = decode(Article, data)
    assert isinstance(back.paragraphs, LazyMapping) and back == article
    assert back.paragraphs[1] is back.paragraphs[1]  # decoded once, then kept
    assert isinstance(data[0][1][1], str)  # each value a JSON text of its own, parsed when read
    data[0][1][1] = '["not a date", "b"]'  # spoil paragraph 2 only
    spoilt = decode(Article, data)
    assert list(spoilt.paragraphs) == [1, 2] and 2 in spoilt.paragraphs
    assert spoilt.paragraphs[1].label == "a"
    with pytest.raises(ValueError):
        spoilt.paragraphs[2]
