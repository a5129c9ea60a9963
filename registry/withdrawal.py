"""Explicit withdrawal of records, with a reason, recorded as a submission of its own."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.errors import InvalidInput, NotFound, Problem
from registry.intake.apply import audit_submission, find_organisation, normalise_org_code
from registry.intake.report import IntakeReport
from registry.intake.rules import KINDS
from registry.models import Allegation, AllegationEvent, Deployment, PersonnelRecord, Submission
from registry.models.base import utcnow
from registry.vetting.keys import index_records

__all__ = ["WithdrawalReport", "withdraw_records"]


_INTERNAL = {"submission_id", "personnel_ids"}


@dataclass
class WithdrawalReport:
    """What a withdrawal did; `submission_id` and `personnel_ids` (the withdrawn personnel
    rows) are internal keys for re-linking and stay out of `as_dict`."""

    kind: str
    organisation: str
    submission_uid: str
    withdrawn: int
    already_withdrawn: int
    personnel_ids: list[int] = field(default_factory=list)
    submission_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {k: v for k, v in vars(self).items() if k not in _INTERNAL}


def withdraw_records(
    session: Session, kind: str, ids: list[str], *, org_code: str, reason: str, withdrawn_by: str
) -> WithdrawalReport:
    """Withdraw the organisation's records `ids` (personnel and deployments by record_id,
    allegations by source_reference) and commit; InvalidInput names unknown ids."""
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    reason, wanted = reason.strip(), sorted({i.strip() for i in ids if i.strip()})
    if not reason or not wanted:
        raise InvalidInput("give at least one record id and a reason for the withdrawal")
    org = find_organisation(session, normalise_org_code(org_code))
    if org is None:
        raise NotFound(f"organisation {org_code!r} has no records")
    rows = _targets(session, kind, org.id, wanted)
    _reject_unknown(kind, wanted, rows)
    submission = _submission(session, org.id, kind, withdrawn_by, wanted, reason)
    report = _apply(session, kind, rows, reason, submission)
    report.organisation = org.code
    # A withdrawn record must never be retrieved by a check again, not even until the
    # re-linking job has run.
    index_records(session, report.personnel_ids)
    audit_submission(session, _as_intake(report, submission), withdrawn_by, action="withdrawal")
    session.commit()
    return report


def _targets(session: Session, kind: str, org_id: int, wanted: list[str]) -> list[Any]:
    model: Any = {"personnel": PersonnelRecord, "deployments": Deployment}.get(kind, Allegation)
    key = model.source_reference if model is Allegation else model.record_id
    query = select(model).where(model.organisation_id == org_id, key.in_(wanted))
    if model is PersonnelRecord:
        query = query.where(PersonnelRecord.is_current.is_(True))
    return list(session.scalars(query))


def _key(row: Any) -> str:
    return str(row.source_reference if isinstance(row, Allegation) else row.record_id)


def _reject_unknown(kind: str, wanted: list[str], rows: list[Any]) -> None:
    found = {_key(row) for row in rows}
    column = "source_reference" if kind == "allegations" else "record_id"
    problems = [
        Problem(f"your organisation has no {kind} record with this id", column=column, value=i)
        for i in wanted
        if i not in found
    ]
    if problems:
        raise InvalidInput(f"{len(problems)} unknown id(s); nothing was withdrawn", problems)


def _submission(
    session: Session, org_id: int, kind: str, by: str, ids: list[str], reason: str
) -> Submission:
    digest = hashlib.sha256("\n".join([reason, *ids]).encode()).hexdigest()
    submission = Submission(
        uid=str(uuid.uuid4()),
        organisation_id=org_id,
        kind=kind,
        submitted_by=by,
        file_name="withdrawal",
        file_sha256=digest,
        file_format="withdrawal",
        status="withdrawal",
        rows_total=len(ids),
    )
    session.add(submission)
    session.flush()
    return submission


def _apply(
    session: Session, kind: str, rows: list[Any], reason: str, submission: Submission
) -> WithdrawalReport:
    now = utcnow()
    fresh = [row for row in rows if row.withdrawn_at is None]
    for row in fresh:
        row.withdrawn_at, row.withdrawn_reason = now, reason
        if isinstance(row, Allegation):
            row.version += 1
            changes = {"withdrawn": [False, True], "withdrawn_reason": [None, reason]}
            session.add(
                AllegationEvent(
                    allegation_id=row.id,
                    submission_id=submission.id,
                    version=row.version,
                    status=row.status,
                    changes=changes,
                )
            )
    submission.rows_withdrawn = len(fresh)
    submission.rows_unchanged = len(rows) - len(fresh)
    session.flush()
    personnel = [row.id for row in fresh if isinstance(row, PersonnelRecord)]
    return WithdrawalReport(
        kind,
        "",
        submission.uid,
        len(fresh),
        len(rows) - len(fresh),
        personnel,
        submission_id=submission.id,
    )


def _as_intake(report: WithdrawalReport, submission: Submission) -> IntakeReport:
    """The withdrawal in the shape the audit entry of a submission takes."""
    intake = IntakeReport(report.kind, report.organisation, "withdrawal", status="withdrawal")
    intake.rows_total, intake.submission_uid = submission.rows_total, submission.uid
    intake.sha256 = submission.file_sha256
    return intake
