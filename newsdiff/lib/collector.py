"""Python's cyclic garbage collector held off while a batch of work builds many objects.

Matching a batch of new articles builds hundreds of thousands of objects that live until it
ends (analyses, pair keys, scores, evidence), and each of them counts towards the collector's
next run: matching 300 copies of one story ran its full collection, which walks every object
alive, about ten times (some 85 ms each on a 2-core host), with the younger ones about a tenth
of the matcher's time, and they find almost nothing, since what a match drops is freed by
reference counting (it makes few reference cycles). Held off, the collector resumes when the
batch ends, from where it was: the cycles the batch left, if any, are collected by its next run
as usual.

Pause it around a function call (``@collector_paused()``) rather than a block inside one: the
collector's first run on resuming walks every object made while it was off that is still alive.
After a block, that is everything the function still holds (a match's whole corpus: ~12 ms for
nothing, each new article at 100k paragraphs); after the call, the function's locals are freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector inside the block or the decorated call (nested:
    the outermost turns it back on); reference counting frees what is dropped, as ever."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
