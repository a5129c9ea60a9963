"""Every retrieval key of the registry in each server process, exactly as stored.

A check counts its ~12 keys' holders and ranks the holders of the usable ones; in
PostgreSQL that is two statements and about 3 ms of a 1M-record registry's check, on
the same cores as the server. A server worker instead loads `record_keys` when it
starts (keys hashed to two 64-bit numbers, beside their record's id, sorted: about
24 bytes per key) and answers both from memory, with the same counts and the same
ranking as the database (`retrieval.key_counts`, `retrieval.retrieve` for one row).

The index stays exact by following `record_key_changes`: every indexing run appends the
records whose keys it wrote or removed, committed in order, and before answering, a
check applies the changes after the last one applied (it reads the log's head with
the registry's state, `resident.follow`): those records' keys are read again. Loaded
keys of a changed record are set aside, not removed from the sorted arrays; after
many changes the index is loaded afresh. A process without an index, or whose index
is behind and cannot catch up, asks the database as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sqlalchemy import Integer, Select, func, select
from sqlalchemy.orm import Session

from registry.intake.bulk import chunked, in_values
from registry.models import RecordKey, RecordKeyChange
from registry.vetting.keys import KEPT_CHANGES, QueryKey
from registry.vetting.retrieval import MAX_BUCKET, MAX_CANDIDATES, Ranked, usable_keys

log = logging.getLogger(__name__)

LOAD_BATCH = 500_000  # keys read and hashed per step of a load
RELOAD_AFTER = KEPT_CHANGES // 2  # changes behind after which the index is loaded afresh
CHUNK = 2_000

# Two hash keys: 128 bits per key, so that two distinct keys sharing both hashes is out
# of reach (for ten million distinct keys, about one chance in 10^24), where one 64-bit
# hash would leave about one in 10^5.
_HASH_KEYS = ("vetreg-keys-one1", "vetreg-keys-two2")

U64 = NDArray[np.uint64]
I64 = NDArray[np.int64]


def _hashes(keys: Sequence[str]) -> tuple[U64, U64]:
    values = np.array(keys, dtype=object)
    first, second = (pd.util.hash_array(values, hash_key=k, categorize=False) for k in _HASH_KEYS)
    return first.astype(np.uint64), second.astype(np.uint64)


@dataclass
class KeyIndex:
    """Retrieval keys by (hash, hash), each with its record's id; see the module."""

    first: U64  # sorted
    second: U64
    owners: I64
    applied: int  # the last record_key_changes id applied
    void: set[int] = field(default_factory=set)  # records whose loaded keys are set aside
    extra: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # their keys now
    extra_by_owner: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _void_array: I64 = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def holders(self, keys: Iterable[str]) -> dict[str, I64]:
        """The ids of the records holding each key, as stored (keys no record holds are
        left out): one vectorised search for all of a check's keys."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        first, second = _hashes(wanted)
        lows = np.searchsorted(self.first, first, "left").tolist()
        highs = np.searchsorted(self.first, first, "right").tolist()
        found: dict[str, I64] = {}
        for i, key in enumerate(wanted):
            lo, hi = lows[i], highs[i]
            held: I64 = self.owners[lo:hi][self.second[lo:hi] == second[i]]
            if len(self._void_array) and len(held):
                held = held[~np.isin(held, self._void_array)]
            more = self.extra.get((int(first[i]), int(second[i])))
            if more:
                held = np.concatenate([held, np.array(more, dtype=np.int64)])
            if len(held):
                found[key] = held
        return found

    def ranked(
        self, keys: Sequence[QueryKey], holders: dict[str, I64], cap: int, max_bucket: int
    ) -> list[Ranked]:
        """retrieval.retrieve for one query row, given its keys' `holders`: the best `cap`
        holders of its usable keys by summed key weight, ties by record id."""
        counts = {key: len(held) for key, held in holders.items()}
        usable = usable_keys(keys, counts, max_bucket)
        if not usable:
            return []
        owners = [holders[key] for _, key, _ in usable]
        weights = [
            np.full(len(held), weight, dtype=np.int64)
            for held, (_, _, weight) in zip(owners, usable, strict=True)
        ]
        pks, at = np.unique(np.concatenate(owners), return_inverse=True)
        rank = np.bincount(at, weights=np.concatenate(weights)).astype(np.int64)
        best = np.lexsort((pks, -rank))[:cap]
        position = usable[0][0]
        return [(position, int(pks[i]), int(rank[i])) for i in best]

    def apply(self, session: Session, upto: int) -> None:
        """Read again the keys of the records changed after `applied`, up to `upto`."""
        query = (
            select(RecordKeyChange.id, RecordKeyChange.personnel_record_id)
            .where(RecordKeyChange.id > self.applied, RecordKeyChange.id <= upto)
            .order_by(RecordKeyChange.id)
        )
        rows = session.connection().execute(query).all()
        changed = sorted({int(pk) for _, pk in rows})
        for pk in changed:
            for hashed in self.extra_by_owner.pop(pk, []):
                holders = self.extra[hashed]
                holders.remove(pk)
                if not holders:
                    del self.extra[hashed]
        self.void.update(changed)
        self._void_array = np.array(sorted(self.void), dtype=np.int64)
        statement = _keys_of(session.get_bind().dialect.name)
        for part in chunked(changed, CHUNK):
            found = [
                (str(k), int(pk))
                for k, pk in session.connection().execute(statement, {"batch": part})
            ]
            if not found:
                continue
            first, second = _hashes([key for key, _ in found])
            for (_, pk), a, b in zip(found, first.tolist(), second.tolist(), strict=True):
                self.extra.setdefault((a, b), []).append(int(pk))
                self.extra_by_owner.setdefault(int(pk), []).append((a, b))
        self.applied = max(self.applied, upto)


@cache
def _keys_of(dialect: str) -> Select[*tuple[Any, ...]]:
    """The keys of some records (built once, as every statement of a check is)."""
    return select(RecordKey.key, RecordKey.personnel_record_id).where(
        in_values(dialect, RecordKey.personnel_record_id, Integer)
    )


def latest_change(session: Session) -> int:
    """The id of the last record_key_changes entry (0 when there is none)."""
    return int(session.connection().execute(select(func.max(RecordKeyChange.id))).scalar() or 0)


def _all_keys(session: Session) -> Iterator[list[tuple[str, int]]]:
    """Every (key, record id) of record_keys, in batches. Read through the driver's own
    cursor (a server-side one on PostgreSQL): 13 million rows as SQLAlchemy rows took
    four times as long."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        cursor = driver.cursor(name="vetreg_key_index")  # type: ignore[union-attr]
    else:
        cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("SELECT key, personnel_record_id FROM record_keys")
        while part := cursor.fetchmany(LOAD_BATCH):
            yield part
    finally:
        cursor.close()


def load_key_index(session: Session) -> KeyIndex:
    """Every retrieval key as stored now. The log's head is read first: a change made
    while the keys are read is applied again later, which changes nothing."""
    started = time.perf_counter()
    applied = latest_change(session)
    firsts, seconds, owners = [], [], []
    for part in _all_keys(session):
        keys, pks = zip(*part, strict=True)
        first, second = _hashes(keys)
        firsts.append(first)
        seconds.append(second)
        owners.append(np.array(pks, dtype=np.int64))
    first = np.concatenate(firsts) if firsts else np.empty(0, dtype=np.uint64)
    second = np.concatenate(seconds) if seconds else np.empty(0, dtype=np.uint64)
    owner = np.concatenate(owners) if owners else np.empty(0, dtype=np.int64)
    order = np.argsort(first, kind="stable")
    index = KeyIndex(first[order], second[order], owner[order], applied)
    log.info("kept %d retrieval keys in %.1f s", len(owner), time.perf_counter() - started)
    return index


_index: KeyIndex | None = None
_database: str | None = None  # where _index was loaded from, to load it afresh
_reloading = False
_lock = threading.Lock()


def load_into_process(database_url: str) -> int:
    """Load this process's key index from the registry at `database_url`; returns how many
    keys it holds."""
    from registry.db import session_factory

    global _index, _database
    with session_factory(database_url)() as session:
        index = load_key_index(session)
    with _lock:
        _index, _database = index, database_url
    return len(index.owners)


def kept_keys() -> int:
    """How many retrieval keys this process keeps in memory (0 without an index)."""
    with _lock:
        return 0 if _index is None else len(_index.owners)


def _reload() -> None:
    global _reloading
    try:
        if _database is not None:
            load_into_process(_database)
    except Exception:  # noqa: BLE001 - a failed reload leaves checks asking the database
        log.exception("retrieval keys could not be loaded again; checks ask the database")
    finally:
        _reloading = False


def answer(
    session: Session, head: int, keys: Sequence[QueryKey], cap: int = MAX_CANDIDATES
) -> tuple[dict[str, int], list[Ranked]] | None:
    """key_counts and retrieve for one query row, from this process's key index caught up
    with the log's `head`; None when there is no index, or it cannot be caught up: too
    far behind, or a log that went back (a registry restored or recreated). It is then
    loaded afresh in the background, and checks ask the database meanwhile."""
    with _lock:  # request threads share the index, and catching up changes it
        index = _index
        if index is None:
            return None
        behind = head - index.applied
        if behind < 0 or behind > RELOAD_AFTER or len(index.void) > RELOAD_AFTER:
            log.warning("retrieval keys in memory dropped: %d changes behind", behind)
            _drop_and_reload()
            return None
        if behind:
            index.apply(session, head)
        holders = index.holders(key for _, key in keys)
        counts = {key: len(held) for key, held in holders.items()}
        return counts, index.ranked(keys, holders, cap, MAX_BUCKET)


def registry_changed() -> None:
    """The registry under this process is another one (resident.follow saw it): the keys
    in memory are dropped and loaded afresh in the background."""
    with _lock:
        if _index is not None:
            _drop_and_reload()


def _drop_and_reload() -> None:
    """(Under _lock.)"""
    global _index, _reloading
    _index = None
    if not _reloading and _database is not None:
        _reloading = True
        threading.Thread(target=_reload, name="key-index", daemon=True).start()


def forget_key_index() -> None:
    """Drop this process's key index (tests)."""
    global _index, _database
    with _lock:
        _index, _database = None, None
