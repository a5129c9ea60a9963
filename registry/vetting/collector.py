"""Garbage-collector settings for long-running processes that answer checks.

A check process keeps tens of thousands of prepared candidates in its caches, about
half a million objects the collector tracks. With CPython's default thresholds a
full collection walked all of them every 60 or so checks, pausing a check for 60 to
500 ms (16 times in 1,000 checks on the 1M-record benchmark: p99 266 ms, and 5.8 ms
per check on average). Nothing in the caches forms reference cycles, so they never
need a full collection; young objects still do, and still get one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# CPython's defaults for the young generations: their collections stay small (at most
# ~20 ms here), where larger thresholds made rarer but 150-200 ms middle collections.
YOUNG = 700  # net allocations between young collections
MIDDLE = 10  # young collections per middle one
OLD = 1_000  # middle collections per full one (default 10): about one per 2,000 checks


def settle_collector() -> None:
    """Collect once, move every object made so far (modules, name tables, warm-up) out of
    the collector's sight, and run full collections a hundred times less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)


@contextmanager
def fewer_full_collections() -> Iterator[None]:
    """Full collections as rare as in a settled process, for the duration of a long piece
    of work (a roster screening); the thresholds are restored after.

    A roster batch holds a few million objects (its candidates' normalised forms) alive
    while it is scored, and CPython's default thresholds walk them again every time a
    quarter more have been made: a 10,000-row roster spent a sixth of its time there.
    """
    before = gc.get_threshold()
    gc.set_threshold(YOUNG, MIDDLE, max(OLD, before[2]))
    try:
        yield
    finally:
        gc.set_threshold(*before)
