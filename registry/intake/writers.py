"""Writing validated rows: new records, new versions of changed ones, unchanged counted."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from registry.intake.bulk import in_batch, insert_rows
from registry.intake.report import IntakeReport
from registry.intake.rules import DEPLOYMENTS, PERSONNEL
from registry.intake.spool import Spool
from registry.models import Deployment, PersonnelRecord
from registry.models.base import utcnow

log = logging.getLogger(__name__)

Row = tuple[Any, ...]
Progress = Callable[[str, int, int], None]
_META = ("organisation_id", "submission_id", "version", "is_current", "content_hash", "created_at")


def content_hash(values: Sequence[Any]) -> str:
    """A stable digest of a row's values (empty and unknown are the same)."""
    joined = "\x1f".join(["" if v is None else str(v) for v in values])
    return hashlib.sha256(joined.encode()).hexdigest()


def write_personnel(
    session: Session,
    org_id: int,
    sub_id: int,
    spool: Spool,
    report: IntakeReport,
    progress: Progress | None = None,
) -> None:
    """New records as version 1; a changed or withdrawn one as its next version."""
    table: Table = PersonnelRecord.__table__  # type: ignore[assignment]
    columns = (*_META, *PERSONNEL.names)
    now = utcnow()
    # Rows written by this submission cannot match (duplicates were rejected), so an
    # organisation's first submission needs no look-ups at all.
    known = _has_personnel(session, org_id)
    for batch in spool.batches():
        current = _current_personnel(session, org_id, [row[1] for row in batch]) if known else {}
        new_rows, superseded = [], []
        for row in batch:
            digest = content_hash(row[1:])
            old = current.get(row[1])
            if old is not None and old[2] == digest and old[3] is None:
                report.rows_unchanged += 1
                continue
            superseded += [old[0]] if old else []
            version = old[1] + 1 if old else 1
            new_rows.append((org_id, sub_id, version, True, digest, now, *row[1:]))
        _supersede(session, table, superseded)
        insert_rows(session, table, columns, new_rows)
        report.rows_updated += len(superseded)
        report.rows_created += len(new_rows) - len(superseded)
        report_progress(report, progress)


def _has_personnel(session: Session, org_id: int) -> bool:
    """Whether the organisation has any personnel record yet."""
    query = select(PersonnelRecord.id).where(PersonnelRecord.organisation_id == org_id).limit(1)
    return session.scalar(query) is not None


def _current_personnel(
    session: Session, org_id: int, record_ids: list[str]
) -> dict[str, tuple[int, int, str, datetime | None]]:
    """record_id -> (id, version, content hash, withdrawn at) of current versions."""
    t = PersonnelRecord
    # is_current is filtered here, not in SQL: on a table filled in this very transaction
    # PostgreSQL's stale statistics otherwise lead it to scan every row of the
    # organisation for each batch, which turns a million-row import quadratic.
    query = select(t.record_id, t.id, t.version, t.content_hash, t.withdrawn_at, t.is_current)
    query = query.where(t.organisation_id == org_id, in_batch(session, t.record_id, record_ids))
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in session.execute(query) if r[5]}


def _supersede(session: Session, table: Table, ids: list[int]) -> None:
    if ids:
        session.execute(update(table).where(table.c.id.in_(ids)).values(is_current=False))


def report_progress(report: IntakeReport, progress: Progress | None) -> None:
    """Log and hand on how many rows are written so far."""
    done = report.rows_created + report.rows_updated + report.rows_unchanged
    log.info("intake %s: written %d/%d rows", report.kind, done, report.rows_total)
    if progress is not None:
        progress("writing", done, report.rows_total)


def write_deployments(
    session: Session,
    org_id: int,
    sub_id: int,
    spool: Spool,
    report: IntakeReport,
    progress: Progress | None = None,
) -> None:
    """Deployments keyed by (record_id, mission, start_date): new inserted, changed updated."""
    table: Table = Deployment.__table__  # type: ignore[assignment]
    fields = DEPLOYMENTS.names
    now = utcnow()
    for batch in spool.batches():
        existing = _current_deployments(session, org_id, {row[1] for row in batch})
        new_rows: list[Row] = []
        changed: list[dict[str, Any]] = []
        for row in batch:
            digest = content_hash(row[1:])
            old = existing.get((row[1], row[2], row[3]))
            if old is not None and old[1] == digest and not old[2]:
                report.rows_unchanged += 1
            elif old is not None:
                changed.append(
                    {"_id": old[0], "sub": sub_id, "hash": digest, "end": row[4], "role": row[5]}
                )
            else:
                new_rows.append((org_id, sub_id, digest, now, *row[1:]))
        _update_deployments(session, table, changed)
        insert_rows(session, table, (*_META[:2], *_META[4:], *fields), new_rows)
        report.rows_created += len(new_rows)
        report.rows_updated += len(changed)
        report_progress(report, progress)


def _current_deployments(
    session: Session, org_id: int, record_ids: set[str]
) -> dict[tuple[str, str, str | None], tuple[int, str, bool]]:
    """(record_id, mission, start_date) -> (id, content hash, withdrawn)."""
    t = Deployment
    query = select(
        t.record_id, t.mission, t.start_date, t.id, t.content_hash, t.withdrawn_at
    ).where(t.organisation_id == org_id, t.record_id.in_(record_ids))
    return {(r[0], r[1], r[2]): (r[3], r[4], r[5] is not None) for r in session.execute(query)}


def _update_deployments(session: Session, table: Table, changed: list[dict[str, Any]]) -> None:
    if not changed:
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values(
            submission_id=bindparam("sub"),
            content_hash=bindparam("hash"),
            end_date=bindparam("end"),
            role=bindparam("role"),
            withdrawn_at=None,
            withdrawn_reason=None,
        )
    )
    session.connection().execute(statement, changed)
