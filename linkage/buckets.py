"""Integer bucket mechanics for blocking: group keys, cap buckets, emit pairs in chunks.

Everything here works on int64 arrays: a key is any integer, a pair is encoded
as left * n + right with left < right. Grouping is by sorting, never by hashing
Python objects, and pairs are generated a bounded chunk of buckets at a time so
that memory follows the number of pairs kept, not the size of any intermediate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
CHUNK_PAIRS = 4_000_000  # pairs materialised at once while expanding buckets


@dataclass(frozen=True)
class Buckets:
    """Record positions sorted by bucket; bucket b holds positions[starts[b]:starts[b+1]]."""

    positions: IntArray
    starts: IntArray  # len = buckets + 1

    @property
    def sizes(self) -> IntArray:
        """Records per bucket."""
        return np.diff(self.starts)


def sorted_unique(values: IntArray) -> IntArray:
    """Sorted distinct values (sort-based: far faster than hashing for large int arrays).

    Sorts `values` in place and compacts it in place: no second array of its size.
    """
    values.sort()
    return _drop_repeats(values)


def _drop_repeats(values: IntArray, chunk: int = CHUNK_PAIRS) -> IntArray:
    """A sorted array without repeats, compacted in place and shrunk to its new length.

    Selecting with a mask over the whole array would allocate a second array nearly its
    size (half a gigabyte for the candidate pairs of a million records). A chunk at a
    time, the kept values move forward (never past the chunk being read), so only a
    chunk-sized temporary exists; the unused tail is then handed back by resizing.
    """
    if len(values) < 2:
        return values
    kept = 0
    for start in range(0, len(values), chunk):
        part = values[start:start + chunk]
        fresh = part[1:] != part[:-1]
        first = start == 0 or part[0] != values[start - 1]
        moved = part[np.r_[first, fresh]]  # a copy: safe to write over the chunk
        values[kept:kept + len(moved)] = moved
        kept += len(moved)
    if values.base is None and values.flags.owndata:
        values.resize(kept, refcheck=False)
        return values
    return values[:kept].copy()


def group(positions: IntArray, keys: IntArray) -> Buckets:
    """Buckets of records sharing a key; a record appears once per bucket, in position order."""
    order = np.lexsort((positions, keys))
    pos, key = positions[order], keys[order]
    fresh = np.r_[True, (key[1:] != key[:-1]) | (pos[1:] != pos[:-1])] if len(key) else (
        np.zeros(0, dtype=bool))
    pos, key = pos[fresh], key[fresh]
    boundaries = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else (
        np.zeros(0, dtype=np.int64))
    return Buckets(pos, np.r_[boundaries, len(key)].astype(np.int64))


def bucket_of(buckets: Buckets) -> IntArray:
    """Bucket number of every entry of `buckets.positions`."""
    return np.repeat(np.arange(len(buckets.starts) - 1, dtype=np.int64), buckets.sizes)


def select(buckets: Buckets, keep: NDArray[np.bool_]) -> Buckets:
    """Only the buckets where `keep` (one flag per bucket) is true."""
    sizes = buckets.sizes
    entries = np.repeat(keep, sizes)
    starts = np.r_[0, np.cumsum(sizes[keep])].astype(np.int64)
    return Buckets(buckets.positions[entries], starts)


def pair_count(sizes: IntArray) -> int:
    """Pairs inside buckets of these sizes."""
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _expand(pos: IntArray, starts: IntArray, n: int) -> IntArray:
    """Every pair inside consecutive buckets (positions ascending within each bucket)."""
    sizes = np.diff(starts)
    count = len(pos)
    owner_end = np.repeat(starts[1:], sizes)
    partners = owner_end - np.arange(count) - 1
    left = np.repeat(np.arange(count), partners)
    offsets = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners)
    return np.asarray(pos[left] * n + pos[left + 1 + offsets], dtype=np.int64)


def bucket_pairs(buckets: Buckets, n: int, chunk: int = CHUNK_PAIRS) -> IntArray:
    """All pairs inside the buckets, encoded left * n + right, sorted and distinct."""
    sizes = buckets.sizes
    cost = np.cumsum(sizes * (sizes - 1) // 2)
    # Written straight into one array of the known total: no list of chunks to concatenate.
    found = np.empty(int(cost[-1]) if len(cost) else 0, dtype=np.int64)
    first = 0
    while first < len(sizes):
        done = int(cost[first - 1]) if first else 0
        last = max(int(np.searchsorted(cost, done + chunk, side="right")), first + 1)
        lo, hi = int(buckets.starts[first]), int(buckets.starts[last])
        found[done:int(cost[last - 1])] = _expand(buckets.positions[lo:hi],
                                                  buckets.starts[first:last + 1] - lo, n)
        first = last
    return sorted_unique(found)


def flagged_pairs(buckets: Buckets, flagged: NDArray[np.bool_], n: int) -> IntArray:
    """Pairs of each flagged entry with every other entry of its bucket (`flagged` has one
    flag per entry of `buckets.positions`). Encoded left * n + right, sorted and distinct;
    costs (flagged entries) x (their bucket's size)."""
    sizes = buckets.sizes
    entries = np.flatnonzero(flagged)
    owner = bucket_of(buckets)[entries]
    repeats = sizes[owner]
    left = np.repeat(entries, repeats)
    offsets = np.arange(len(left)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    right = np.repeat(buckets.starts[owner], repeats) + offsets
    a, b = buckets.positions[left], buckets.positions[right]
    keep = a != b
    a, b = a[keep], b[keep]
    return sorted_unique(np.minimum(a, b) * n + np.maximum(a, b))


def union_all(parts: list[IntArray]) -> IntArray:
    """Union of sorted distinct arrays, sorted (timsort merges the sorted runs).

    `parts` is emptied once joined: a caller holding no other reference to the inputs
    has them freed before the union is sorted and compacted.
    """
    if not parts:
        return np.empty(0, dtype=np.int64)
    both = np.concatenate(parts)
    parts.clear()
    both.sort(kind="stable")
    return _drop_repeats(both)


def pairs_in_buckets(positions: IntArray, codes: IntArray, n: int) -> IntArray:
    """All pairs of positions sharing a code, encoded left * n + right (left < right)."""
    return bucket_pairs(group(positions.astype(np.int64), codes.astype(np.int64)), n)
