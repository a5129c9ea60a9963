"""Candidates kept prepared in each process, keyed by the text of their stored form.

A check compares its query with up to 200 candidates, and turning one stored form into
what the row-wise engine compares (decoding the JSON, then `prepare_one`) costs more
than scoring it. Each process therefore keeps every candidate it has prepared, keyed by
the form's text: the form follows from the record's values alone, so a kept one can
never be stale. A re-indexed record, a new version of a record, or a record id used
again after a restore all bring another text, and miss.

A server worker can load the registry's forms when it starts (`load_resident`), so
that its first checks, not only the later ones, find their candidates prepared. Records
without a stored form of this engine's version (normalised afresh by the check) are
kept under their normalised values instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable, Sequence

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from linkage import NORMALISED_FORM_VERSION, PreparedRecord, prepare_one
from registry.config import Settings
from registry.db import session_factory
from registry.models import RecordForm
from registry.vetting.lru import LruCache
from registry.vetting.normalised import Values, as_record, decode_form

log = logging.getLogger(__name__)

DEFAULT_SIZE = 1_200_000  # ~1.5 kB each: a 1M-record registry in ~1.5 GB per process
LOAD_BATCH = 10_000  # forms read and prepared per step of load_resident

_prepared: LruCache[Hashable, PreparedRecord] = LruCache(DEFAULT_SIZE)


def resize(size: int) -> None:
    """Keep at most `size` prepared candidates in this process (0: keep none)."""
    _prepared.resize(max(size, 0))


def capacity() -> int:
    """How many prepared candidates this process keeps at most."""
    return _prepared.size


def kept(keys: Sequence[Hashable]) -> list[PreparedRecord | None]:
    """The prepared candidate kept under each key (a form's text, or normalised values)."""
    return _prepared.get_many(keys)


def prepare_missing(
    keys: Sequence[Hashable],
    found: Sequence[PreparedRecord | None],
    values_at: Callable[[int], Values],
) -> list[PreparedRecord]:
    """`found`, with each missing one prepared from its values and kept under its key."""
    fresh = [
        (i, prepare_one(as_record(values_at(i)))) for i, hit in enumerate(found) if hit is None
    ]
    _prepared.put_many([(keys[i], prepared) for i, prepared in fresh])
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
    their text beside what it keeps; `progress` is told the running count.
    """
    wanted = capacity() if limit is None else min(limit, capacity())
    if wanted <= 0:
        return 0
    started = time.perf_counter()
    query = (
        select(RecordForm.form)
        .where(RecordForm.version == NORMALISED_FORM_VERSION)
        .order_by(RecordForm.personnel_record_id.desc())
        .limit(wanted)
        .execution_options(yield_per=LOAD_BATCH)  # a server-side cursor, read in batches
    )
    done = 0
    for part in session.connection().execute(query).scalars().partitions():
        items = []
        for text in part:
            values = decode_form(str(text))
            if values is not None:
                items.append((str(text), prepare_one(as_record(values))))
        _prepared.put_many(items)
        done += len(items)
        if progress is not None:
            progress(done)
    log.info("kept %d prepared candidates in %.1f s", done, time.perf_counter() - started)
    return done


def load_registry(settings: Settings) -> int:
    """A server worker's start: keep up to `settings.prepared_records` candidates prepared,
    loaded from its registry. A registry that cannot be read yet (a database not migrated,
    or down) is logged and left to fill the store check by check."""
    resize(settings.prepared_records)
    if capacity() == 0:
        return 0

    def progress(done: int) -> None:
        if done % (10 * LOAD_BATCH) == 0:
            log.info("prepared %d candidates", done)

    try:
        with session_factory(settings.database_url)() as session:
            return load_resident(session, progress=progress)
    except SQLAlchemyError as exc:
        log.warning(
            "candidates not loaded at start (%s); checks prepare them as they meet them", exc
        )
        return 0


def forget_resident() -> None:
    """Drop every kept candidate (tests)."""
    _prepared.clear()
