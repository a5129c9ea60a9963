"""Creating, claiming and finishing job rows."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.errors import NotFound
from registry.models import Job
from registry.models.base import utcnow

QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"


def create_job(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    created_by: str | None = None,
    organisation_code: str | None = None,
) -> Job:
    """Add a queued job to the session (the caller commits, then dispatches)."""
    job = Job(
        uid=str(uuid.uuid4()),
        kind=kind,
        status=QUEUED,
        payload=payload,
        created_by=created_by,
        organisation_code=organisation_code,
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, uid: str) -> Job:
    """The job with public id `uid`."""
    job = session.scalar(select(Job).where(Job.uid == uid))
    if job is None:
        raise NotFound(f"no job {uid!r}")
    return job


def claim(session: Session, uid: str) -> bool:
    """Mark a queued job running; False when another worker already took it."""
    result = session.execute(
        update(Job)
        .where(Job.uid == uid, Job.status == QUEUED)
        .values(status=RUNNING, started_at=utcnow(), attempts=Job.attempts + 1)
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def finish(session: Session, uid: str, *, result: dict[str, Any] | None, error: str | None) -> None:
    """Record the end of a job."""
    session.execute(
        update(Job)
        .where(Job.uid == uid)
        .values(
            status=FAILED if error else SUCCEEDED,
            result=result,
            error=error,
            finished_at=utcnow(),
        )
    )
    session.commit()


def set_progress(session: Session, uid: str, done: int, total: int) -> None:
    """Store how far a running job has got."""
    session.execute(
        update(Job).where(Job.uid == uid).values(progress_done=done, progress_total=total)
    )
    session.commit()


def job_summary(job: Job) -> dict[str, Any]:
    """A JSON-ready view of a job's state, with an estimate of the time left."""
    summary: dict[str, Any] = {
        "job_id": job.uid,
        "kind": job.kind,
        "status": job.status,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
    eta = _seconds_left(job)
    if eta is not None:
        summary["progress"]["seconds_left"] = eta
    if job.error:
        summary["error"] = job.error
    return summary


def _seconds_left(job: Job) -> float | None:
    if job.status != RUNNING or not job.started_at or not job.progress_done:
        return None
    started = (
        job.started_at if job.started_at.tzinfo else job.started_at.replace(tzinfo=utcnow().tzinfo)
    )
    elapsed = (utcnow() - started).total_seconds()
    remaining = max(job.progress_total - job.progress_done, 0)
    return round(elapsed / job.progress_done * remaining, 1)
