"""Handing a committed job to a worker: Redis queue when configured, else a local thread."""

from __future__ import annotations

import logging
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from registry.config import Settings
from registry.db import session_factory
from registry.jobs import store
from registry.jobs.runner import run_job
from registry.models import Job
from registry.models.base import utcnow

log = logging.getLogger(__name__)

QUEUE_NAME = "vetreg"
# A Redis that accepts connections but never answers must not hold up the request.
REDIS_TIMEOUT_SECONDS = 2.0
_executor: ThreadPoolExecutor | None = None


def _local_executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        # One thread: jobs touch the same tables, and SQLite has a single writer anyway.
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vetreg-job")
    return _executor


def dispatch(settings: Settings, uid: str) -> Future[None] | None:
    """Start job `uid` (already committed); returns the local future when run in process."""
    if settings.redis_url and _enqueue_on_redis(settings, uid):
        return None
    return _local_executor().submit(run_job, settings.database_url, uid)


def _enqueue_on_redis(settings: Settings, uid: str) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        connection = Redis.from_url(
            str(settings.redis_url),
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        )
        queue = Queue(QUEUE_NAME, connection=connection)
        queue.enqueue_call(run_job, args=(settings.database_url, uid), job_id=uid, timeout=3600)
    except RedisError as exc:
        # The job row stays queued and visible; running it here loses nothing.
        log.warning("Redis unavailable (%s); running job %s in process", exc, uid)
        return False
    return True


def recover_queued(
    settings: Settings, *, older_than: float = 0.0, skip: Collection[str] = ()
) -> int:
    """Dispatch jobs still queued after `older_than` seconds, except `skip`; returns how many.

    A job stays queued in the database when the queue that held it was lost (Redis
    restarted without persistence, a process died): dispatching it again is safe,
    because only one worker can claim it.
    """
    cutoff = utcnow() - timedelta(seconds=older_than)
    with session_factory(settings.database_url)() as session:
        uids = [
            uid
            for uid in session.scalars(
                select(Job.uid).where(Job.status == store.QUEUED, Job.created_at <= cutoff)
            )
            if uid not in skip
        ]
    for uid in uids:
        log.warning("job %s was still queued; dispatching it again", uid)
        dispatch(settings, uid)
    return len(uids)


def wait_local(timeout: float | None = None) -> None:
    """Block until every locally submitted job so far has finished (CLI and tests)."""
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True)
        _executor = None
