"""Redis faults: jobs fall back to the process or wait visibly, and none is lost.

The outage tests start a private redis-server (never the shared one) and skip when it is
not installed.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from registry.config import Settings
from registry.jobs import JobContext, create_job, dispatch, get_job, register_handler
from registry.jobs.dispatch import wait_local
from registry.jobs.worker import run_worker
from scripts.reliability.services import PrivateRedis

pytestmark = pytest.mark.db


@register_handler("test.faults.echo")
def _echo(context: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    return {"echo": payload["value"]}


def _queued_job(session: Session) -> str:
    job = create_job(session, "test.faults.echo", {"value": 7}, created_by="tester")
    session.commit()
    return job.uid


def _status(session: Session, uid: str) -> str:
    session.expire_all()
    return get_job(session, uid).status


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers, like a frozen Redis."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def test_unresponsive_redis_falls_back_to_the_process(
    db_url: str, session: Session, silent_port: int
) -> None:
    uid = _queued_job(session)
    settings = Settings(database_url=db_url, redis_url=f"redis://127.0.0.1:{silent_port}/0")
    dispatcher = threading.Thread(target=dispatch, args=(settings, uid), daemon=True)
    dispatcher.start()
    dispatcher.join(timeout=15)
    assert not dispatcher.is_alive(), "dispatch hung on a Redis that never answers"
    wait_local()
    assert _status(session, uid) == "succeeded"


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


def test_job_lost_with_the_queue_is_run_by_the_next_worker_pass(
    db_url: str, session: Session, redis_server: PrivateRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=db_url, redis_url=redis_server.url)
    uid = _queued_job(session)
    assert dispatch(settings, uid) is None  # on the queue
    redis_server.stop()  # no persistence: the queue is gone, the row still says queued
    redis_server.start()
    assert _status(session, uid) == "queued"
    monkeypatch.setattr("registry.jobs.worker.LOST_AFTER_SECONDS", 0.0)
    preloaded: list[bool] = []
    monkeypatch.setattr("registry.jobs.worker.preload", lambda: preloaded.append(True))
    # The worker re-enqueues it when it finds the queue dry, then runs it (burst mode).
    monkeypatch.setattr("rq.Worker", _in_process_worker())
    # No fork here, and disposing every engine would orphan the test session's connection.
    monkeypatch.setattr("registry.jobs.worker.dispose_engines", lambda: None)
    run_worker(settings, burst=True)
    assert _status(session, uid) == "succeeded"
    assert preloaded == [True]  # name tables warmed once in the parent, not per forked job


def _in_process_worker() -> type:
    from rq import SimpleWorker

    # The test runs jobs in this process: a forked work-horse would not see test handlers.
    return SimpleWorker
