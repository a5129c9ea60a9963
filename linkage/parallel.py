"""Running independent pieces of work on a few threads, in a fixed result order.

Used where the work is numpy-heavy (gathers, sorts, ufuncs release the GIL), so that
threads share the process's arrays instead of copying them into worker processes.
Each piece writes only its own output, so the result never depends on scheduling.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
MAX_WORKERS = 2  # each worker holds one chunk's temporaries: memory grows with them


def default_workers() -> int:
    """Threads to use: the CPUs this process may run on, at most MAX_WORKERS."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, available))


def run_each(func: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """func(item) for every item, on up to `workers` threads; results in item order."""
    if workers <= 1 or len(items) <= 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(func, items))
