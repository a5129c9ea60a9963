"""Running one job: claim it, call its handler, record the outcome."""

from __future__ import annotations

import logging

from registry.db import session_factory
from registry.jobs import store
from registry.jobs.exclusion import one_at_a_time
from registry.jobs.handlers import JobContext, handler_for, is_exclusive

log = logging.getLogger(__name__)


def run_job(database_url: str, uid: str) -> None:
    """Execute job `uid` unless another worker has claimed it already."""
    factory = session_factory(database_url)
    with factory() as session:
        if not store.claim(session, uid):
            log.info("job %s already claimed", uid)
            return
        job = store.get_job(session, uid)
        kind, payload = job.kind, dict(job.payload)
    context = JobContext(database_url, uid)
    try:
        handler = handler_for(kind)
        if is_exclusive(kind):
            with one_at_a_time(database_url, kind):
                result = handler(context, payload)
        else:
            result = handler(context, payload)
    except Exception as exc:  # a failed job is recorded, never lost
        log.exception("job %s (%s) failed", uid, kind)
        with factory() as session:
            store.finish(session, uid, result=None, error=f"{type(exc).__name__}: {exc}")
        return
    with factory() as session:
        store.finish(session, uid, result=result, error=None)
    log.info("job %s (%s) done", uid, kind)
