"""Keeping jobs of one kind from overlapping, across processes on PostgreSQL."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from registry.db import get_engine

_local_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def _local_lock(kind: str) -> threading.Lock:
    with _guard:
        return _local_locks.setdefault(kind, threading.Lock())


@contextmanager
def one_at_a_time(database_url: str, kind: str) -> Iterator[None]:
    """Hold the lock of `kind` for the block: a PostgreSQL advisory lock, else a local one.

    The advisory lock belongs to a connection of its own, so it is released when the
    block ends or, should the process die, when the server drops that connection.
    """
    engine = get_engine(database_url)
    with _local_lock(kind):
        if engine.dialect.name != "postgresql":
            yield  # SQLite has one writer; its jobs run in one process
            return
        key = zlib.crc32(f"vetreg.job.{kind}".encode())
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
