"""collector_paused: the cyclic collector is off inside the block and back on after it."""

from __future__ import annotations

import gc

import pytest

from newsdiff.lib.collector import collector_paused


def test_paused_inside_and_back_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the outer block turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_paused_call_leaves_the_collector_nothing_to_walk() -> None:
    """Resumed after the call, the collector's next run finds only what outlived it: not the
    many objects the call built and dropped on returning."""

    @collector_paused()
    def build() -> int:
        made = [{"n": i} for i in range(50_000)]
        assert not gc.isenabled()
        return len(made)

    gc.collect()
    assert build() == 50_000
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000

    walked: list[int] = []  # the young objects each collection starts on

    def starting(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            walked.append(gc.get_count()[0])

    gc.callbacks.append(starting)
    try:
        with collector_paused():  # in a block, what it made is still alive when it resumes
            made = [{"n": i} for i in range(50_000)]
        [] * 1000  # noqa: B018 -- an allocation: the first collection runs, on all of them
    finally:
        gc.callbacks.remove(starting)
    assert walked and walked[0] > 40_000
    del made
