"""Candidates kept prepared in each process, by record, loaded when a worker starts.

A check compares its query with up to 200 candidates. Reading each one's stored form
(a random read of `record_forms`), decoding it and preparing it for the row-wise engine
cost more than scoring them: about 7 ms of a 1M-record registry's check. Each process
therefore keeps every candidate it has prepared, by record primary key, and a server
worker loads the registry's candidates when it starts (`load_registry`), so that its
first checks, not only its later ones, find them kept.

Keeping by primary key is sound because vetreg never changes or deletes a personnel
record: a new version of a record is a new row, withdrawn and superseded ones lose
their retrieval keys and are never retrieved again, and a re-index under this engine's
NORMALISED_FORM_VERSION writes the same form. What could hand a kept key to another
record is the database itself being emptied, recreated or restored to an earlier state
under a running server; the store follows its registry (`follow`, once per check) and
is emptied when the registry's first submission is another one, or its latest is older
than one seen before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from linkage import NORMALISED_FORM_VERSION, PreparedRecord, prepare_one
from linkage.normalise import collector_paused
from registry.config import Settings
from registry.db import session_factory
from registry.models import RecordForm, RecordKeyChange, Submission
from registry.vetting import key_index
from registry.vetting.lru import LruCache
from registry.vetting.normalised import Values, as_record, decode_form

log = logging.getLogger(__name__)

DEFAULT_SIZE = 1_200_000  # records kept per process
LOAD_BATCH = 10_000  # forms read and prepared per step of load_resident
MIN_AVAILABLE = 0.25  # share of the machine's memory a load leaves available

_prepared: LruCache[int, PreparedRecord] = LruCache(DEFAULT_SIZE)


@dataclass(frozen=True)
class _Followed:
    """The registry the kept candidates came from."""

    database: str
    origin: str | None  # uid of its first submission
    version: int  # the latest submission id seen


_followed: _Followed | None = None
_follow_lock = threading.Lock()


class RegistryState(NamedTuple):
    """What a check reads of the registry before it retrieves anything."""

    version: int  # the latest submission id (0 when empty)
    key_changes: int  # the last record_key_changes id (key_index follows it)


# The registry's version, its first submission and the key log's head, in one statement.
_STATE = select(
    func.max(Submission.id),
    select(Submission.uid).order_by(Submission.id).limit(1).scalar_subquery(),
    select(func.max(RecordKeyChange.id)).scalar_subquery(),
)


def follow(session: Session) -> RegistryState:
    """The registry's state; the kept candidates are dropped first if they may be
    another registry's (see above)."""
    global _followed
    latest, origin, changes = session.connection().execute(_STATE).one()  # Core: no ORM work
    now = _Followed(str(session.get_bind().engine.url), origin, int(latest or 0))
    with _follow_lock:
        before = _followed
        moved = before is not None and (
            (before.database, before.origin) != (now.database, now.origin)
            or now.version < before.version
        )
        if moved:
            _prepared.clear()
        if before is None or moved or now.version > before.version:
            _followed = now
    if moved:
        log.warning("the registry changed under this process: kept candidates dropped")
        key_index.registry_changed()
    return RegistryState(now.version, int(changes or 0))


def resize(size: int) -> None:
    """Keep at most `size` prepared candidates in this process (0: keep none)."""
    _prepared.resize(max(size, 0))


def capacity() -> int:
    """How many prepared candidates this process keeps at most."""
    return _prepared.size


def kept(record_pks: Sequence[int]) -> list[PreparedRecord | None]:
    """The prepared candidate kept for each record (None where there is none)."""
    return _prepared.get_many(record_pks)


def prepare_missing(
    record_pks: Sequence[int],
    found: Sequence[PreparedRecord | None],
    values_at: Callable[[int], Values],
) -> list[PreparedRecord]:
    """`found`, with each missing one prepared from its values and kept."""
    fresh = [
        (i, prepare_one(as_record(values_at(i)))) for i, hit in enumerate(found) if hit is None
    ]
    _prepared.put_many([(record_pks[i], prepared) for i, prepared in fresh])
    made = dict(fresh)
    return [hit if hit is not None else made[i] for i, hit in enumerate(found)]


def load_resident(
    session: Session,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Prepare and keep the stored forms of the registry's records, newest first, up to
    `limit` (default: this process's capacity); returns how many are kept.

    Forms are streamed in batches, so the process never holds more than one batch of
    their text beside what it keeps; `progress` is told the running count. The load
    stops early, with a warning, once the machine runs short of memory (`memory_short`).
    """
    wanted = capacity() if limit is None else min(limit, capacity())
    if wanted <= 0:
        return 0
    follow(session)
    started = time.perf_counter()
    query = (
        select(RecordForm.personnel_record_id, RecordForm.form)
        .where(RecordForm.version == NORMALISED_FORM_VERSION)
        .order_by(RecordForm.personnel_record_id.desc())
        .limit(wanted)
        .execution_options(yield_per=LOAD_BATCH)  # a server-side cursor, read in batches
    )
    done = 0
    result = session.connection().execute(query)
    try:
        for part in result.partitions():
            items = []
            for pk, text in part:
                values = decode_form(str(text))
                if values is not None:
                    items.append((int(pk), prepare_one(as_record(values))))
            _prepared.put_many(items)
            done += len(items)
            if progress is not None:
                progress(done)
            if memory_short():
                log.warning(
                    "stopped keeping candidates at %d: less than %d%% of this machine's memory "
                    "is left; lower VETREG_PREPARED_RECORDS or add memory",
                    done,
                    round(100 * MIN_AVAILABLE),
                )
                break
    finally:
        result.close()
    log.info("kept %d prepared candidates in %.1f s", done, time.perf_counter() - started)
    return done


def memory_short() -> bool:
    """Whether less than MIN_AVAILABLE of the machine's memory is available (Linux's
    /proc/meminfo; False where it cannot be read). Every worker loads its own candidates,
    and a registry too large for the machine must not get them killed for memory."""
    try:
        lines = Path("/proc/meminfo").read_text(encoding="ascii").splitlines()
        info = {name: int(value.split()[0]) for name, value in (x.split(":", 1) for x in lines)}
        return info["MemAvailable"] < MIN_AVAILABLE * info["MemTotal"]
    except (OSError, KeyError, ValueError, IndexError):
        return False


def load_registry(settings: Settings) -> int:
    """A server worker's start: keep up to `settings.prepared_records` candidates prepared,
    and every retrieval key (key_index), loaded from its registry; returns how many
    candidates are kept. A registry that cannot be read yet (a database not migrated, or
    down) is logged, and checks read what is missing from the database."""
    resize(settings.prepared_records)
    if capacity() == 0:
        return 0

    def progress(done: int) -> None:
        if done % (10 * LOAD_BATCH) == 0:
            log.info("prepared %d candidates", done)

    candidates = 0
    try:
        # With the collector on, a 1M-record registry's candidates took 48 s, not 27 s,
        # and its 13M retrieval keys after them 55 s, not 16 s.
        with collector_paused():
            with session_factory(settings.database_url)() as session:
                candidates = load_resident(session, progress=progress)
            key_index.load_into_process(settings.database_url)
    except SQLAlchemyError as exc:
        log.warning(
            "candidates not loaded at start, or retrieval keys (%s); checks read what is "
            "missing from the database",
            exc,
        )
    return candidates


def forget_resident() -> None:
    """Drop every kept candidate and the registry they came from (tests)."""
    global _followed
    with _follow_lock:
        _prepared.clear()
        _followed = None
