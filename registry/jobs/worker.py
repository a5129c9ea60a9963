"""The Redis queue worker: runs queued jobs and re-enqueues those the queue lost."""

from __future__ import annotations

import logging
import time

from registry.config import Settings
from registry.db import dispose_engines
from registry.jobs.dispatch import QUEUE_NAME, REDIS_TIMEOUT_SECONDS, recover_queued
from registry.jobs.handlers import import_handlers

log = logging.getLogger(__name__)

# A job younger than this may be between its commit and its enqueue; leave it alone.
LOST_AFTER_SECONDS = 30.0
RETRY_SECONDS = 5.0


def preload() -> None:
    """Import the job handlers and warm the name tables, once, before any job."""
    from linkage.names import warm_up

    import_handlers()
    warm_up()


def run_worker(settings: Settings, *, burst: bool = False, idle_seconds: int = 30) -> None:
    """Work the queue until stopped; whenever it runs dry, re-enqueue jobs it lost.

    Redis without persistence forgets its queue when it restarts, while the job rows
    still say `queued`: sweeping for them each time the worker is idle loses nothing.
    """
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue, Worker

    if not settings.redis_url:
        raise ValueError("REDIS_URL is not set")
    connection = Redis.from_url(settings.redis_url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
    # Every job runs in a process forked from this one: loaded here, the name tables
    # (tens of seconds on a busy machine) are inherited instead of rebuilt per job.
    preload()
    while True:
        queue = Queue(QUEUE_NAME, connection=connection)
        try:
            recover_queued(settings, older_than=LOST_AFTER_SECONDS, skip=set(queue.get_job_ids()))
            # Each job runs in a forked process: no pooled connection may cross the fork.
            dispose_engines()
            worker = Worker([queue], connection=connection)
            worker.work(burst=burst, max_idle_time=None if burst else idle_seconds)
        except RedisError as exc:
            log.warning("Redis unavailable (%s); retrying in %.0f s", exc, RETRY_SECONDS)
            time.sleep(RETRY_SECONDS)
            continue
        if burst or getattr(worker, "_stop_requested", False):
            return
