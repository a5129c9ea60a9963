"""Queueing the link job that follows a committed submission."""

from __future__ import annotations

from concurrent.futures import Future

from sqlalchemy.orm import Session

from registry.config import Settings
from registry.jobs import create_job, dispatch
from registry.models import Job, Submission

LINK_JOB = "link"


def schedule_linking(
    session: Session, settings: Settings, submission_id: int, *, requested_by: str, org_code: str
) -> tuple[Job, Future[None] | None]:
    """Create, commit and dispatch the link job of a submission; the submission points at it."""
    job = create_job(
        session,
        LINK_JOB,
        {"submission_id": submission_id},
        created_by=requested_by,
        organisation_code=org_code,
    )
    submission = session.get(Submission, submission_id)
    if submission is not None:
        submission.link_job_id = job.id
    session.commit()
    return job, dispatch(settings, job.uid)
