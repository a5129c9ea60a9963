"""Validated rows parked in a temporary file between checking and writing."""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator
from typing import Any

BATCH = 5_000


class Spool:
    """Rows written in batches to an unnamed temporary file and read back in batches."""

    def __init__(self, batch: int = BATCH) -> None:
        # Unnamed: the operating system removes it however the process ends.
        self._file = tempfile.TemporaryFile()
        self._batch: list[tuple[Any, ...]] = []
        self._size = batch
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        """Append one row."""
        self._batch.append(row)
        self.count += 1
        if len(self._batch) >= self._size:
            self._dump()

    def _dump(self) -> None:
        if self._batch:
            marshal.dump(self._batch, self._file)
            self._batch = []

    def batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """Every row written so far, in order, as lists of up to the batch size."""
        self._dump()
        self._file.seek(0)
        while True:
            try:
                yield marshal.load(self._file)
            except EOFError:
                return

    def close(self) -> None:
        """Remove the temporary file."""
        self._file.close()
