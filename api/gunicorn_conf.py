"""gunicorn settings for production; every value can be overridden on the command line."""

import multiprocessing
import os
import threading
from typing import Any

bind = os.environ.get("VETREG_BIND", "127.0.0.1:8000")
# A check is CPU work under the GIL with a few database round trips: one process per
# core, and a second thread to use the core while a request waits for the database.
# More threads only contend for the GIL: on the 1M benchmark registry, 2 workers gave
# 96-98 checks/s with 2 threads each and 85-89 with 4.
workers = int(os.environ.get("VETREG_WORKERS", max(multiprocessing.cpu_count(), 2)))
threads = int(os.environ.get("VETREG_THREADS", 2))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Engines are created lazily per process, so nothing opened before the fork is shared.
preload_app = False
# A recycled worker starts cold: it loads the name tables and prepares the registry's
# candidates and keys again (~45 s of CPU at 1M records). Recycle rarely (at 60 checks/s a worker
# lasts about 2.5 hours), and not all at once.
max_requests = 500_000
max_requests_jitter = 50_000
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("VETREG_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


READY = "worker warmed up: %d candidates kept prepared"  # logged by each worker once warmed up


def _warm_up(kept: list[int]) -> None:
    """The name tables, the check path run once, and the registry's candidates prepared and
    retrieval keys kept (the number of candidates appended to `kept`)."""
    from registry.config import load_settings
    from registry.vetting.matching import warm_up
    from registry.vetting.resident import load_registry

    warm_up()
    kept.append(load_registry(load_settings()))


def post_worker_init(worker: Any) -> None:
    """Warm up (`_warm_up`) before the first request."""
    # The master kills a worker silent for `timeout` seconds, and warming up can take
    # longer than that (a 1M-record registry's candidates and keys take ~45 s to load): keep
    # telling it this worker is alive.
    kept: list[int] = []
    warming = threading.Thread(target=_warm_up, args=(kept,), name="warm-up", daemon=True)
    warming.start()
    while warming.is_alive():
        worker.notify()
        warming.join(timeout=1.0)
    from registry.vetting.collector import settle_collector

    settle_collector()
    worker.log.info(READY, sum(kept))
    if worker.age == 1:
        _resume_queued_jobs()


def _resume_queued_jobs() -> None:
    """Without Redis, jobs queued by a server that stopped before running them run here.

    Job state lives in the database, so a restart loses nothing; only the first worker
    of a server takes them, so none runs twice. With Redis, `vetreg worker` does this.
    """
    from registry.config import load_settings
    from registry.jobs.dispatch import recover_queued

    settings = load_settings()
    if not settings.redis_url:
        recover_queued(settings)
