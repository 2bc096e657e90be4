"""The cycle collector paused for a run of work that makes many objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycles_left_alone() -> Iterator[None]:
    """Pause the cycle collector while the block runs; nested uses leave it to the outer.

    Results, reports, rows and cells form no reference cycles (reference counting frees
    them), yet the collector's passes over the thousands made for a large clause base or
    a roster cost a third of `assess` with 5,000 items and some 6 % of a 10,000-row batch
    (benchmarks/bench_packs.py, bench_cases.py). Anything that does form a cycle is
    collected once the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
