"""Writing allegations: case numbers for new ones, versions and events for changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.case_numbers import allocate_serials, format_case_number
from registry.intake.report import IntakeReport
from registry.intake.rules import ALLEGATIONS
from registry.intake.spool import Spool
from registry.intake.writers import Progress, content_hash, report_progress
from registry.models import Allegation, AllegationEvent

FIELDS = ALLEGATIONS.names


def _typed(row: tuple[Any, ...]) -> dict[str, Any]:
    """The spooled row as model attributes (booleans and counts converted)."""
    values = dict(zip(FIELDS, row[1:], strict=True))
    if values["minors_involved"] is not None:
        values["minors_involved"] = values["minors_involved"] == "true"
    if values["victim_count"] is not None:
        values["victim_count"] = int(values["victim_count"])
    return values


def write_allegations(
    session: Session,
    org_id: int,
    sub_id: int,
    spool: Spool,
    report: IntakeReport,
    progress: Progress | None = None,
) -> None:
    """Insert new allegations with case numbers; update changed ones and log an event."""
    for batch in spool.batches():
        refs = [row[1] for row in batch]
        existing = _existing(session, org_id, refs)
        fresh: list[dict[str, Any]] = []
        for row in batch:
            values, digest = _typed(row), content_hash(row[1:])
            old = existing.get(values["source_reference"])
            if old is None:
                fresh.append({**values, "content_hash": digest})
            elif old.content_hash == digest and old.withdrawn_at is None:
                report.rows_unchanged += 1
            else:
                _change(session, old, values, digest, sub_id)
                report.rows_updated += 1
        _create(session, org_id, sub_id, fresh)
        report.rows_created += len(fresh)
        report_progress(report, progress)


def _existing(session: Session, org_id: int, refs: list[str]) -> dict[str, Allegation]:
    query = select(Allegation).where(
        Allegation.organisation_id == org_id, Allegation.source_reference.in_(refs)
    )
    return {a.source_reference: a for a in session.scalars(query)}


def _change(
    session: Session, allegation: Allegation, values: dict[str, Any], digest: str, sub_id: int
) -> None:
    """Apply `values`, bump the version and record what changed as an event."""
    changes = {
        name: [getattr(allegation, name), value]
        for name, value in values.items()
        if getattr(allegation, name) != value
    }
    if allegation.withdrawn_at is not None:
        changes["withdrawn"] = [True, False]
    for name, value in values.items():
        setattr(allegation, name, value)
    allegation.version += 1
    allegation.content_hash, allegation.submission_id = digest, sub_id
    allegation.withdrawn_at = allegation.withdrawn_reason = None
    session.add(_event(allegation, sub_id, changes))


def _create(session: Session, org_id: int, sub_id: int, fresh: list[dict[str, Any]]) -> None:
    if not fresh:
        return
    year = datetime.now(UTC).year
    serials = allocate_serials(session, year, len(fresh))
    created = [
        Allegation(
            organisation_id=org_id,
            submission_id=sub_id,
            case_number=format_case_number(year, serial),
            version=1,
            **values,
        )
        for serial, values in zip(serials, fresh, strict=True)
    ]
    session.add_all(created)
    session.flush()
    changes = [{k: [None, v] for k, v in vals.items() if v is not None} for vals in fresh]
    for allegation, change in zip(created, changes, strict=True):
        change.pop("content_hash", None)
        session.add(_event(allegation, sub_id, change))


def _event(allegation: Allegation, sub_id: int, changes: dict[str, Any]) -> AllegationEvent:
    return AllegationEvent(
        allegation_id=allegation.id,
        submission_id=sub_id,
        version=allegation.version,
        status=allegation.status,
        changes=changes,
    )
