"""Duplicate keys inside one file, found in bounded memory.

Keys of the current chunk sit in a dict (exact, with their rows); a full chunk is folded
into a sorted array of 128-bit digests, about 20 bytes a row, so a million-row file
needs some 20 MB rather than a set of a million strings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

CHUNK = 100_000


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


class DuplicateFinder:
    """Feed (row, key) pairs; each repeat is yielded as (row, key, first row)."""

    def __init__(self) -> None:
        self._chunk: dict[str, int] = {}
        self._digests: npt.NDArray[np.bytes_] = np.empty(0, dtype="S16")
        self._rows: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._pending: list[tuple[int, str, int]] = []

    def add(self, row: int, key: str) -> tuple[int, str, int] | None:
        """Record `key` at `row`; (row, key, first row) when this chunk has it already."""
        first = self._chunk.setdefault(key, row)
        if first != row:
            return row, key, first
        if len(self._chunk) >= CHUNK:
            self._pending.extend(self.flush())
        return None

    def take_earlier(self) -> list[tuple[int, str, int]]:
        """Repeats of earlier chunks found while folding, handed over once."""
        found, self._pending = self._pending, []
        return found

    def flush(self) -> Iterator[tuple[int, str, int]]:
        """Fold the current chunk into the sorted digests; yields repeats of earlier chunks."""
        if not self._chunk:
            return
        keys = list(self._chunk)
        rows = np.fromiter(self._chunk.values(), dtype=np.int64, count=len(keys))
        digests = np.array([_digest(k) for k in keys], dtype="S16")
        self._chunk = {}
        yield from self._earlier(keys, rows, digests)
        merged = np.concatenate([self._digests, digests])
        order = np.argsort(merged, kind="stable")
        self._digests, self._rows = merged[order], np.concatenate([self._rows, rows])[order]

    def _earlier(
        self, keys: list[str], rows: npt.NDArray[np.int64], digests: npt.NDArray[np.bytes_]
    ) -> Iterator[tuple[int, str, int]]:
        if not len(self._digests):
            return
        at = np.searchsorted(self._digests, digests).clip(max=len(self._digests) - 1)
        for i in np.flatnonzero(self._digests[at] == digests):
            yield int(rows[i]), keys[i], int(self._rows[at[i]])
