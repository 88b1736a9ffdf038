"""Python's cyclic garbage collector held off while a batch of work builds many objects.

Matching a batch of new articles builds hundreds of thousands of objects that live until it
ends (analyses, pair keys, scores, evidence), and each of them counts towards the collector's
next run: matching 300 copies of one story ran its full collection, which walks every object
alive, about ten times (some 85 ms each on a 2-core host), with the younger ones about a tenth
of the matcher's time, and they find almost nothing, since what a match drops is freed by
reference counting (it makes few reference cycles). Held off, the collector resumes when the
batch ends, from where it was: the cycles the batch left, if any, are collected by its next run
as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector inside the block (nested blocks: the outermost
    turns it back on); reference counting frees what the block drops, as ever."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
