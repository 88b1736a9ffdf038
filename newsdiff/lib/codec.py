"""Dataclasses to JSON-ready values and back, driven by their type hints.

For values a program stores and reads back itself (the matcher's article analyses): a dataclass
becomes the list of its fields' values in declaration order, a set a sorted list, a date its ISO
form. No field is named, so the stored form is compact, and none is written by hand, so a field
added to a dataclass is stored without new code; a reader must know the exact class the writer
used (store a version with the value). Decoders are built once per type, not per value.

Handles dataclasses, ``frozenset``/``set``/``tuple[X, ...]``/``list``, ``dict`` and
``Counter``, ``X | None``, ``datetime.date`` and JSON's own scalars.

A field declared as a read-only ``Mapping`` is stored with each value as a JSON text of its own
and decoded when that value is first read (``LazyMapping``): a reader that needs two paragraphs
of an article's analysis neither parses nor holds the other eighteen as Python objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import lz4.block
import orjson

Decoder = Callable[[Any], Any]
_SCALARS = (str, int, float, bool, type(None))


def encode(value: Any) -> Any:
    """``value`` as JSON-ready lists, dicts and scalars."""
    if isinstance(value, _SCALARS):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        lazy = _lazy_fields(type(value))
        return [
            _texts(getattr(value, f.name)) if f.name in lazy else encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
        ]
    if isinstance(value, frozenset | set):
        items = sorted(value)
        return items if all(isinstance(v, _SCALARS) for v in items) else list(map(encode, items))
    if isinstance(value, tuple | list):
        return list(map(encode, value))
    if isinstance(value, Mapping):
        if all(isinstance(k, str) for k in value):
            return {k: v if isinstance(v, _SCALARS) else encode(v) for k, v in value.items()}
        return [[encode(k), encode(v)] for k, v in value.items()]  # JSON keys are strings
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(value: Any) -> str:
    """``value`` as compact JSON."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type, text: str | bytes) -> Any:
    """The value of type ``cls`` that ``dumps`` wrote as ``text``."""
    # orjson parses the same JSON to the same values, about four times faster than json: matching
    # one article reads the analyses of hundreds of neighbouring articles.
    return decode(cls, orjson.loads(text))


def pack(value: Any) -> bytes:
    """``value`` as compressed JSON, for a binary column: stored analyses are read a thousand
    rows at a time from all over their table, and the smaller the table, the more of it the
    database keeps in memory. LZ4 (its high-compression mode: slower to write, as fast to
    read): a paragraph's analysis packs to about two thirds of its JSON, where zlib got half,
    but unpacks in 0.3 µs, not 3.5 (matching one new article unpacks ~1,600 rows)."""
    return lz4.block.compress(dumps(value).encode(), mode="high_compression")


def unpack(cls: type, data: bytes | memoryview) -> Any:
    """The value of type ``cls`` that ``pack`` wrote as ``data``."""
    return loads(cls, lz4.block.decompress(data))


def _texts(mapping: Mapping[Any, Any]) -> Any:
    """A lazily read mapping: each value as a JSON text of its own."""
    return encode({k: dumps(v) for k, v in mapping.items()})


@functools.cache
def _lazy_fields(cls: type) -> frozenset[str]:
    hints = typing.get_type_hints(cls)
    return frozenset(
        f.name for f in dataclasses.fields(cls) if typing.get_origin(hints[f.name]) is Mapping
    )


def decode(cls: type, data: Any) -> Any:
    """The value of type ``cls`` that ``encode`` turned into ``data``."""
    return decoder(cls)(data)


@functools.cache
def decoder(hint: Any) -> Decoder:
    """A function turning the encoded form of a ``hint`` value back into that value."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        parts = [decoder(hints[f.name]) for f in dataclasses.fields(hint)]
        return lambda data: hint(*[part(v) for part, v in zip(parts, data, strict=True)])
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in args if a is not type(None)]
        part = decoder(inner)
        return lambda data: None if data is None else part(data)
    if origin in (frozenset, set, tuple, list):
        part = decoder(args[0])
        if part is _same:  # most of the stored values: no call per item
            return origin
        return lambda data: origin(part(v) for v in data)
    if origin is Mapping:
        key, value = decoder(args[0]), decoder(args[1])
        parse = lambda text: value(orjson.loads(text))  # noqa: E731
        if args[0] is str:
            return lambda data: LazyMapping(data, parse)
        return lambda data: LazyMapping({key(k): v for k, v in data}, parse)
    if origin in (dict, Counter):
        key, value = decoder(args[0]), decoder(args[1] if len(args) > 1 else int)
        if args[0] is str:  # stored as a JSON object
            if value is _same:
                return origin
            return lambda data: origin({k: value(v) for k, v in data.items()})
        return lambda data: origin({key(k): value(v) for k, v in data})
    if hint is dt.date:
        return dt.date.fromisoformat
    if hint in (str, int, float, bool):
        return _same
    raise TypeError(f"no decoder for {hint!r}")


def _same(data: Any) -> Any:
    return data


class LazyMapping(Mapping[Any, Any]):
    """A read-only mapping whose values are decoded on first access, then kept."""

    __slots__ = ("_decode", "_decoded", "_raw")

    def __init__(self, raw: dict[Any, Any], decode: Decoder) -> None:
        self._raw = raw
        self._decode = decode
        self._decoded: dict[Any, Any] = {}

    def __getitem__(self, key: Any) -> Any:
        found = self._decoded.get(key, _MISSING)
        if found is _MISSING:
            found = self._decoded[key] = self._decode(self._raw[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[Any]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


_MISSING = object()
