"""Reads for submitters: their submissions and their cases, never another organisation's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.case_numbers import find_allegation_by_case_number, validate_case_number
from registry.errors import NotFound
from registry.models import AllegationEvent, Job, Organisation, PersonnelRecord, Submission


def submission_view(session: Session, uid: str, org_code: str | None) -> dict[str, Any]:
    """Submission `uid` as JSON-ready data; NotFound unless it is `org_code`'s (None: any)."""
    row = session.execute(
        select(Submission, Organisation.code)
        .join(Organisation, Organisation.id == Submission.organisation_id)
        .where(Submission.uid == uid)
    ).first()
    if row is None or (org_code is not None and row[1] != org_code):
        raise NotFound(f"no submission {uid} of your organisation")
    sub, code = row
    job = session.get(Job, sub.link_job_id) if sub.link_job_id else None
    return {
        "uid": sub.uid,
        "organisation": code,
        "kind": sub.kind,
        "status": sub.status,
        "submitted_by": sub.submitted_by,
        "submitted_at": sub.submitted_at.isoformat(),
        "file_name": sub.file_name,
        "file_format": sub.file_format,
        "encoding": sub.encoding,
        "file_sha256": sub.file_sha256,
        "rows": {
            "total": sub.rows_total,
            "created": sub.rows_created,
            "updated": sub.rows_updated,
            "unchanged": sub.rows_unchanged,
            "withdrawn": sub.rows_withdrawn,
        },
        "link_job": {"uid": job.uid, "status": job.status} if job else None,
    }


def case_view(session: Session, case_number: str, org_code: str | None) -> dict[str, Any]:
    """The owning organisation's minimal view of a case and its status history."""
    try:
        allegation = find_allegation_by_case_number(session, case_number)
        owner = session.get(Organisation, allegation.organisation_id)
    except NotFound:
        owner = None
    if owner is None or (org_code is not None and owner.code != org_code):
        # One answer whether the case is another state's or was never issued: no oracle.
        raise NotFound(f"no case {validate_case_number(case_number)} of your organisation")
    events = session.scalars(
        select(AllegationEvent)
        .where(AllegationEvent.allegation_id == allegation.id)
        .order_by(AllegationEvent.version)
    )
    return {
        "case_number": allegation.case_number,
        "source_reference": allegation.source_reference,
        "subject_record_id": allegation.subject_record_id,
        "status": allegation.status,
        "category": allegation.category,
        "mission": allegation.mission,
        "version": allegation.version,
        "withdrawn": allegation.withdrawn_at is not None,
        "history": [
            {"version": e.version, "status": e.status, "at": e.at.isoformat()} for e in events
        ],
    }


def changed_personnel_ids(session: Session, submission_id: int) -> list[int]:
    """Ids of the personnel rows a submission created (new records and new versions)."""
    query = select(PersonnelRecord.id).where(PersonnelRecord.submission_id == submission_id)
    return list(session.scalars(query.order_by(PersonnelRecord.id)))
