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
