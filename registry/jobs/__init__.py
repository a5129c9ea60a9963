"""Background jobs: state in the database, execution in process or on a Redis queue."""

from registry.jobs.dispatch import dispatch, recover_queued
from registry.jobs.handlers import JobContext, register_handler
from registry.jobs.runner import run_job
from registry.jobs.store import create_job, get_job, job_summary

__all__ = [
    "JobContext",
    "create_job",
    "dispatch",
    "get_job",
    "job_summary",
    "recover_queued",
    "register_handler",
    "run_job",
]
