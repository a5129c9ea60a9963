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


def link_after_change(
    session: Session,
    settings: Settings,
    submission_id: int | None,
    *,
    requested_by: str,
    org_code: str,
) -> tuple[Job | None, Future[None] | None]:
    """Queue re-linking after a committed submission or withdrawal that changed the registry.

    `submission_id` is None when nothing was written (dry run, unchanged file); then, and
    when linking on intake is switched off, no job is created.
    """
    if submission_id is None or not settings.link_on_intake:
        return None, None
    return schedule_linking(
        session, settings, submission_id, requested_by=requested_by, org_code=org_code
    )
