"""The append-only, hash-chained audit trail: append in the caller's transaction, verify.

Each entry's hash is SHA-256 over the canonical JSON (sorted keys, no whitespace) of
its fields and the previous entry's hash; `audit_heads` keeps the latest seq and hash
so that removing the last entries is detected too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from registry.models import AuditEntry, AuditHead
from registry.models.base import utcnow

__all__ = [
    "ACTION_CHECK",
    "ACTION_REVIEW",
    "ACTION_SCREENING",
    "ACTION_SUBMISSION",
    "CHAINED_FIELDS",
    "GENESIS_HASH",
    "ChainReport",
    "append_audit",
    "compute_hash",
    "verify_chain",
]

ACTION_CHECK = "check"
ACTION_SCREENING = "screening"
ACTION_SUBMISSION = "submission"
ACTION_REVIEW = "review"
GENESIS_HASH = "0" * 64
HEAD_ID = 1
# Arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
ADVISORY_LOCK_KEY = 0x76657472_65670001
REORDER_WINDOW = 128


def _json_default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"audit values must be JSON data, not {type(value).__name__}")


def _integral_floats(value: Any) -> Any:
    # 1e20 comes back from PostgreSQL JSONB as an int; store such floats as ints up front.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral_floats(v) for v in value]
    return value


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, no NaN: the same text for the same data, always."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _normalise(value: dict[str, Any]) -> dict[str, Any]:
    """`value` as it will read back from either database (JSON types only)."""
    text_ = json.dumps(value, default=_json_default, allow_nan=False)
    data = _integral_floats(json.loads(text_))
    if not isinstance(data, dict):
        raise TypeError("audit request and response must be JSON objects")
    return data


def _stamp(at: datetime) -> str:
    """`at` in UTC to the microsecond; SQLite hands back naive UTC datetimes."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# What an entry's hash covers: everything it records except the hash itself.
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_sub",
    "actor_org",
    "action",
    "target",
    "request",
    "response",
    "prev_hash",
)


def compute_hash(entry: AuditEntry, seq: int | None = None) -> str:
    """The SHA-256 of `entry`'s fields and prev_hash (as if at `seq` when given)."""
    fields = {name: getattr(entry, name) for name in CHAINED_FIELDS}
    fields["at"] = _stamp(entry.at)
    if seq is not None:
        fields["seq"] = seq
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appenders for the rest of the transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    else:
        # A write as the first statement takes SQLite's write lock before the head is read.
        touch = update(AuditHead).where(AuditHead.id == HEAD_ID).values(seq=AuditHead.seq)
        session.execute(touch.execution_options(synchronize_session=False))


def _read_head(session: Session) -> AuditHead | None:
    query = select(AuditHead).where(AuditHead.id == HEAD_ID)
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


_HEAD = select(AuditHead.seq, AuditHead.entry_hash).where(AuditHead.id == HEAD_ID)
_ENTRY_COLUMNS = (*CHAINED_FIELDS, "entry_hash")


def append_audit(
    session: Session,
    *,
    actor_sub: str,
    actor_org: str,
    action: str,
    target: str | None,
    request: dict[str, Any],
    response: dict[str, Any],
) -> AuditEntry:
    """Add the next entry in `session`'s transaction without committing: it stands or
    falls with the caller. Returns the entry as written (not attached to the session).

    Call it last, just before the commit: it holds the chain lock until the transaction
    ends. The entry and the head are written by statements, not by the session's unit of
    work, and objects the caller added are not flushed first: a flush costs a vetting
    check more than the statements it sends.
    """
    with session.no_autoflush:
        _lock_chain(session)
        head = session.execute(_HEAD).one_or_none()
    seq, prev_hash = (int(head[0]), str(head[1])) if head is not None else (0, GENESIS_HASH)
    entry = AuditEntry(
        seq=seq + 1,
        at=utcnow(),
        actor_sub=actor_sub,
        actor_org=actor_org,
        action=action,
        target=target,
        request=_normalise(request),
        response=_normalise(response),
        prev_hash=prev_hash,
    )
    entry.entry_hash = compute_hash(entry)
    connection = session.connection()
    connection.execute(insert(AuditEntry), {name: getattr(entry, name) for name in _ENTRY_COLUMNS})
    moved = {"seq": entry.seq, "entry_hash": entry.entry_hash, "updated_at": entry.at}
    if head is None:
        connection.execute(insert(AuditHead), {"id": HEAD_ID, **moved})
    else:
        connection.execute(update(AuditHead).where(AuditHead.id == HEAD_ID).values(**moved))
    return entry


@dataclass(frozen=True)
class ChainReport:
    """The outcome of `verify_chain`: ok, or the first bad seq and why."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str | None = None
    detail: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS_HASH

    def describe(self) -> str:
        """One line for people."""
        if self.ok:
            return f"audit chain ok: {self.checked} entries, head {self.head_seq} {self.head_hash}"
        return (
            f"audit chain broken at seq {self.first_bad_seq}: {self.reason} "
            f"({self.detail}); {self.checked} entries verified before it"
        )


def _moved_from(entry: AuditEntry) -> int | None:
    """The seq at which `entry`'s stored hash verifies, when it is not its current one."""
    low = max(1, entry.seq - REORDER_WINDOW)
    for seq in range(low, entry.seq + REORDER_WINDOW + 1):
        if seq != entry.seq and compute_hash(entry, seq) == entry.entry_hash:
            return seq
    return None


def _entry_problem(entry: AuditEntry, expected: int, prev_hash: str) -> tuple[str, str] | None:
    """(reason, detail) when `entry` does not continue the chain, else None."""
    if entry.seq > expected:
        return "missing", f"expected seq {expected}, next present is {entry.seq}"
    if entry.seq < expected:
        return "altered", f"seq {entry.seq} out of range"
    if compute_hash(entry) != entry.entry_hash:
        moved = _moved_from(entry)
        if moved is not None:
            return "reordered", f"entry hashed as seq {moved} stands at seq {entry.seq}"
        return "altered", "contents do not match the entry hash"
    if entry.prev_hash != prev_hash:
        return "broken link", "prev_hash is not the previous entry's hash"
    return None


def _tail_problem(head: AuditHead | None, last_seq: int, last_hash: str) -> tuple[int, str, str]:
    """(seq, reason, detail) when the chain's end disagrees with the stored head."""
    head_seq = head.seq if head is not None else 0
    if last_seq < head_seq:
        return last_seq + 1, "missing", f"head is seq {head_seq}, last entry is {last_seq}"
    if last_seq > head_seq:
        return head_seq + 1, "unanchored", f"entries after the recorded head seq {head_seq}"
    if head is not None and head.entry_hash != last_hash:
        return head_seq, "altered", "last entry's hash differs from the recorded head"
    return 0, "", ""


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash and link in seq order; report the first bad entry."""
    head = _read_head(session)
    base = ChainReport(True, 0)
    if head is not None:
        base = replace(base, head_seq=head.seq, head_hash=head.entry_hash)
    expected, prev_hash = 1, GENESIS_HASH
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    result = session.scalars(query)
    try:
        for entry in result:
            found = _entry_problem(entry, expected, prev_hash)
            if found is not None:
                bad = expected if found[0] == "missing" else entry.seq
                return replace(
                    base,
                    ok=False,
                    checked=expected - 1,
                    first_bad_seq=bad,
                    reason=found[0],
                    detail=found[1],
                )
            expected, prev_hash = expected + 1, entry.entry_hash
    finally:
        result.close()
    bad_seq, reason, detail = _tail_problem(head, expected - 1, prev_hash)
    if reason:
        return replace(
            base,
            ok=False,
            checked=expected - 1,
            first_bad_seq=bad_seq,
            reason=reason,
            detail=detail,
        )
    return replace(base, checked=expected - 1)
