"""Handing a committed job to a worker: Redis queue when configured, else a local thread."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import select

from registry.config import Settings
from registry.db import session_factory
from registry.jobs import store
from registry.jobs.runner import run_job
from registry.models import Job

log = logging.getLogger(__name__)

QUEUE_NAME = "vetreg"
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
        connection = Redis.from_url(str(settings.redis_url), socket_connect_timeout=2)
        queue = Queue(QUEUE_NAME, connection=connection)
        queue.enqueue_call(run_job, args=(settings.database_url, uid), job_id=uid, timeout=3600)
    except RedisError as exc:
        # The job row stays queued and visible; running it here loses nothing.
        log.warning("Redis unavailable (%s); running job %s in process", exc, uid)
        return False
    return True


def recover_queued(settings: Settings) -> int:
    """Dispatch jobs left queued by a previous process; returns how many."""
    with session_factory(settings.database_url)() as session:
        uids = list(session.scalars(select(Job.uid).where(Job.status == store.QUEUED)))
    for uid in uids:
        dispatch(settings, uid)
    return len(uids)


def wait_local(timeout: float | None = None) -> None:
    """Block until every locally submitted job so far has finished (CLI and tests)."""
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True)
        _executor = None
