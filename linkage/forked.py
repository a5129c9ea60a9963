"""Splitting pure-Python work over forked child processes, results in input order.

Normalising a million records is mostly Python (name parsing), which threads cannot
spread over cores. A forked child starts with the parent's modules, loaded name data
and caches already in memory (shared copy-on-write), so it needs no warm-up; it works
through its share of the items and sends the results back pickled. The parent works
through the first share meanwhile. The functions used here are pure, so the results
are those of a single-process run, whatever the split.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")
MIN_ITEMS = 20_000  # below this a child costs more (fork, pickling) than it saves


def _child(func: Callable[[Sequence[T]], list[R]], items: Sequence[T],
           send: Connection) -> None:
    try:
        send.send((True, func(items)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        send.send((False, traceback.format_exc()))
    finally:
        send.close()


def _shares(total: int, workers: int, first: float | None) -> list[slice]:
    """`workers` consecutive slices of range(total); the first holds about `first` of it
    (an equal share when None), the others split the rest equally."""
    start = total // workers if first is None else round(total * min(max(first, 0.0), 1.0))
    rest = total - start
    bounds = [0, *(start + rest * i // (workers - 1) for i in range(workers))]
    return [slice(bounds[i], bounds[i + 1]) for i in range(workers)]


def map_split_beside(func: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                     workers: int, beside: Callable[[], S], *,
                     first_share: float | None = None,
                     min_items: int | None = None) -> tuple[list[R], S]:
    """(func(items), beside()), func worked out in `workers` shares: the first by this
    process, the others by forked children at the same time, while this process runs
    `beside` before its own share. `func` must map a list to a list of equal length,
    item by item, without side effects the parent relies on. `first_share` is the
    fraction of the items this process takes (an equal share when None): less than
    equal when `beside` is a sizeable piece of work, so that both cores finish together.
    Fewer than `min_items` items (default MIN_ITEMS) are all worked out here."""
    methods = multiprocessing.get_all_start_methods()
    least = MIN_ITEMS if min_items is None else min_items
    if workers <= 1 or len(items) < least or "fork" not in methods:
        other = beside()
        return func(items), other
    context = multiprocessing.get_context("fork")
    shares = _shares(len(items), workers, first_share)
    children = []
    for share in shares[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(func, items[share], send), daemon=True)
        child.start()
        send.close()  # the child's end: closed here so a dead child reads as end of file
        children.append((child, receive))
    try:
        other = beside()
        results = func(items[shares[0]])
    except BaseException:
        for child, receive in children:  # not left blocked on a pipe no one reads
            receive.close()
            child.kill()
            child.join()
        raise
    for child, receive in children:
        try:
            ok, value = receive.recv()
        except EOFError:
            ok, value = False, f"worker exited with code {child.exitcode} before replying"
        finally:
            receive.close()
            child.join()
        if not ok:
            raise RuntimeError(f"a forked worker failed:\n{value}")
        results.extend(value)
    return results, other
