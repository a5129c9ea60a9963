"""Reading the audit trail: filtered pages, batches for export, screening certificates.

A screening's entry is expected to carry `registry_version` (in its response, else its
request) and its result as `outcome` (one word) or `outcomes` (counts by outcome).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from registry.audit import ACTION_SCREENING, CHAINED_FIELDS, GENESIS_HASH, compute_hash
from registry.errors import NotFound
from registry.models import AuditEntry

__all__ = [
    "AuditFilter",
    "entry_as_dict",
    "find_entries",
    "get_entry",
    "iter_entries",
    "screening_certificate",
]

EXPORT_BATCH = 1000


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to read; None means any. `since` is inclusive, `until` exclusive."""

    actor: str | None = None
    org: str | None = None
    action: str | None = None
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _utc(at: datetime) -> datetime:
    """`at` as aware UTC (SQLite compares the stored UTC wall-clock text)."""
    return (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).astimezone(UTC)


def _conditions(filters: AuditFilter) -> list[ColumnElement[bool]]:
    exact = (
        (AuditEntry.actor_sub, filters.actor),
        (AuditEntry.actor_org, filters.org),
        (AuditEntry.action, filters.action),
        (AuditEntry.target, filters.target),
    )
    conditions = [column == value for column, value in exact if value is not None]
    if filters.since is not None:
        conditions.append(AuditEntry.at >= _utc(filters.since))
    if filters.until is not None:
        conditions.append(AuditEntry.at < _utc(filters.until))
    return conditions


def find_entries(
    session: Session, filters: AuditFilter, *, after_seq: int = 0, limit: int = 100
) -> list[AuditEntry]:
    """Up to `limit` matching entries with seq above `after_seq`, in seq order."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.seq > after_seq, *_conditions(filters))
        .order_by(AuditEntry.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def iter_entries(session: Session, filters: AuditFilter) -> Iterator[AuditEntry]:
    """Every matching entry in seq order, read in batches (for exports of any size)."""
    after = 0
    while batch := find_entries(session, filters, after_seq=after, limit=EXPORT_BATCH):
        yield from batch
        after = batch[-1].seq


def get_entry(session: Session, seq: int) -> AuditEntry:
    """The entry at `seq`; NotFound when there is none."""
    entry = session.scalars(select(AuditEntry).where(AuditEntry.seq == seq)).one_or_none()
    if entry is None:
        raise NotFound(f"no audit entry with seq {seq}")
    return entry


def entry_as_dict(entry: AuditEntry) -> dict[str, Any]:
    """The entry as JSON-ready data, time in UTC ISO 8601."""
    shown = {name: getattr(entry, name) for name in CHAINED_FIELDS}
    return {**shown, "at": _utc(entry.at).isoformat(), "entry_hash": entry.entry_hash}


def _result(response: dict[str, Any]) -> str:
    outcome = response.get("outcome")
    if isinstance(outcome, str):
        return outcome
    counts = response.get("outcomes")
    if isinstance(counts, dict) and counts:
        return ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    return "not recorded"


def _linked(session: Session, entry: AuditEntry) -> bool:
    """True when the previous entry's hash is the one this entry names."""
    if entry.seq == 1:
        return entry.prev_hash == GENESIS_HASH
    query = select(AuditEntry.entry_hash).where(AuditEntry.seq == entry.seq - 1)
    return session.scalar(query) == entry.prev_hash


def screening_certificate(session: Session, entry: AuditEntry) -> dict[str, Any]:
    """What a screening entry attests: when, against which registry version, with what result."""
    if entry.action != ACTION_SCREENING:
        raise NotFound(f"audit entry {entry.seq} is a {entry.action}, not a screening")
    version = entry.response.get("registry_version", entry.request.get("registry_version"))
    at = _utc(entry.at)
    result = _result(entry.response)
    return {
        "seq": entry.seq,
        "screening": entry.target,
        "screened_at": at.isoformat(),
        "screened_by": {"sub": entry.actor_sub, "org": entry.actor_org},
        "registry_version": version,
        "result": result,
        "entry_hash": entry.entry_hash,
        "prev_hash": entry.prev_hash,
        "entry_intact": compute_hash(entry) == entry.entry_hash,
        "chain_link_intact": _linked(session, entry),
        "statement": (
            f"Screened on {at.date().isoformat()} against registry version {version}: "
            f"result {result}."
        ),
    }
