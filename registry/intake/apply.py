"""The write phase of an import: organisation, submission row, records, audit entry."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit import ACTION_SUBMISSION, append_audit
from registry.errors import InvalidInput, Problem
from registry.intake.allegations import write_allegations
from registry.intake.bulk import unprepared
from registry.intake.report import IntakeReport
from registry.intake.spool import Spool
from registry.intake.writers import Progress, write_deployments, write_personnel
from registry.models import Organisation, Submission
from registry.models.base import CODE_LEN

Writer = Callable[[Session, int, int, Spool, IntakeReport, Progress | None], None]
WRITERS: dict[str, Writer] = {
    "personnel": write_personnel,
    "deployments": write_deployments,
    "allegations": write_allegations,
}
_ORG_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]*$")


def normalise_org_code(code: str) -> str:
    """An organisation code upper-cased, or InvalidInput when it cannot be one."""
    canonical = code.strip().upper()
    if len(canonical) > CODE_LEN or not _ORG_CODE.match(canonical):
        message = f"not an organisation code (letters, digits, - or _; at most {CODE_LEN})"
        raise InvalidInput(f"{code!r} is {message}", [Problem(message, column="org", value=code)])
    return canonical


def find_organisation(session: Session, code: str) -> Organisation | None:
    """The organisation with `code`, if registered."""
    return session.scalar(select(Organisation).where(Organisation.code == code))


def register_organisation(session: Session, code: str) -> Organisation:
    """Register `code`: a state when it is an ISO alpha-3 country, otherwise a mission."""
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    org = Organisation(
        code=code,
        name=country.name if country else code,
        kind="state" if country else "mission",
    )
    session.add(org)
    session.flush()
    return org


def lock_organisation(session: Session, org: Organisation) -> None:
    """Hold the organisation's row until commit so its imports run one after another."""
    session.execute(select(Organisation.id).where(Organisation.id == org.id).with_for_update())


def create_submission(
    session: Session, org: Organisation, report: IntakeReport, submitted_by: str
) -> Submission:
    """The submission row the records of this import point at."""
    submission = Submission(
        uid=str(uuid.uuid4()),
        organisation_id=org.id,
        kind=report.kind,
        submitted_by=submitted_by,
        file_name=report.file_name[:300],
        file_sha256=report.sha256 or "",
        file_format=report.file_format or "",
        encoding=report.encoding,
        status="accepted",
    )
    session.add(submission)
    session.flush()
    return submission


def previous_same_file(session: Session, org: Organisation, report: IntakeReport) -> str | None:
    """The uid of an earlier submission of the very same file, if any."""
    query = (
        select(Submission.uid)
        .where(
            Submission.organisation_id == org.id,
            Submission.kind == report.kind,
            Submission.file_sha256 == report.sha256,
        )
        .order_by(Submission.id)
        .limit(1)
    )
    return session.scalar(query)


def write(
    session: Session,
    org: Organisation,
    spool: Spool,
    report: IntakeReport,
    submitted_by: str,
    progress: Progress | None,
) -> Submission:
    """Write the spooled rows as one submission (not committed) and fill in the report."""
    lock_organisation(session, org)
    report.same_file_as = previous_same_file(session, org, report)
    submission = create_submission(session, org, report, submitted_by)
    with unprepared(session):
        WRITERS[report.kind](session, org.id, submission.id, spool, report, progress)
    report.status = "accepted" if report.changed else "unchanged"
    submission.status = report.status
    submission.rows_total = report.rows_total
    submission.rows_created = report.rows_created
    submission.rows_updated = report.rows_updated
    submission.rows_unchanged = report.rows_unchanged
    report.submission_id, report.submission_uid = submission.id, submission.uid
    audit_submission(session, report, submitted_by)
    return submission


def audit_submission(
    session: Session, report: IntakeReport, submitted_by: str, action: str | None = None
) -> None:
    """Append the submission to the audit trail, in the import's own transaction."""
    summary = report.as_dict()
    summary.pop("problems")
    append_audit(
        session,
        actor_sub=submitted_by,
        actor_org=report.organisation,
        action=action or ACTION_SUBMISSION,
        target=report.submission_uid,
        request={"file_name": report.file_name, "sha256": report.sha256, "kind": report.kind},
        response=summary,
    )
