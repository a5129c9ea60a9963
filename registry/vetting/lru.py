"""A small thread-safe least-recently-used cache for per-process vetting caches.

Gunicorn threads share a worker's caches, and a check looks up a few hundred keys at
once, so lookups and stores take a batch of keys under one lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `size` entries; the least recently read or written goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[K]) -> list[V | None]:
        """The entry of each key (None where there is none); found ones become recent."""
        with self._lock:
            found = [self._entries.get(key) for key in keys]
            for key, value in zip(keys, found, strict=True):
                if value is not None:
                    self._entries.move_to_end(key)
        return found

    def put_many(self, items: Sequence[tuple[K, V]]) -> None:
        """Store these entries, dropping the least recent beyond `size`."""
        with self._lock:
            self._entries.update(items)
            self._trim()

    def resize(self, size: int) -> None:
        """Hold at most `size` entries from now on, dropping the least recent beyond it."""
        with self._lock:
            self.size = size
            self._trim()

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._entries.clear()

    def _trim(self) -> None:
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
