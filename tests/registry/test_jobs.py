"""Jobs keep their state in the database and run in process or on Redis."""

from __future__ import annotations

import gc
import logging
import uuid
from typing import Any

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy.orm import Session

from registry.config import Settings
from registry.jobs import JobContext, create_job, dispatch, get_job, job_summary, register_handler
from registry.jobs.dispatch import QUEUE_NAME, wait_local

pytestmark = pytest.mark.db

REDIS_URL = "redis://127.0.0.1:6379/0"


@register_handler("test.count")
def _count(context: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    for i in range(payload["n"]):
        context.progress(i + 1, payload["n"], force=True)
    return {"counted": payload["n"]}


@register_handler("test.fail")
def _fail(context: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    raise ValueError("bad payload")


def _new_job(session: Session, kind: str, payload: dict[str, Any]) -> str:
    job = create_job(session, kind, payload, created_by="tester", organisation_code="BGD")
    session.commit()
    return job.uid


def _settings(db_url: str, redis_url: str | None = None) -> Settings:
    return Settings(database_url=db_url, redis_url=redis_url)


def test_in_process_job_succeeds_with_progress(db_url: str, session: Session) -> None:
    uid = _new_job(session, "test.count", {"n": 3})
    assert get_job(session, uid).status == "queued"
    dispatch(_settings(db_url), uid)
    wait_local()
    session.expire_all()
    job = get_job(session, uid)
    assert (job.status, job.result, job.progress_done, job.progress_total) == (
        "succeeded",
        {"counted": 3},
        3,
        3,
    )
    assert job_summary(job)["status"] == "succeeded"


def test_failed_job_records_error(db_url: str, session: Session) -> None:
    uid = _new_job(session, "test.fail", {})
    dispatch(_settings(db_url), uid)
    wait_local()
    session.expire_all()
    job = get_job(session, uid)
    assert job.status == "failed"
    assert job.error is not None and "bad payload" in job.error


def test_job_runs_only_once(db_url: str, session: Session) -> None:
    uid = _new_job(session, "test.count", {"n": 1})
    dispatch(_settings(db_url), uid)
    dispatch(_settings(db_url), uid)
    wait_local()
    session.expire_all()
    assert get_job(session, uid).attempts == 1


def test_redis_queue_runs_job(db_url: str, session: Session) -> None:
    uid = _new_job(session, "test.count", {"n": 2})
    assert dispatch(_settings(db_url, REDIS_URL), uid) is None
    session.expire_all()
    assert get_job(session, uid).status == "queued"  # waits for a worker, visibly
    connection = Redis.from_url(REDIS_URL)
    queue = Queue(QUEUE_NAME, connection=connection)
    SimpleWorker([queue], connection=connection).work(burst=True)
    session.expire_all()
    assert get_job(session, uid).status == "succeeded"


def test_redis_down_falls_back_to_process(db_url: str, session: Session) -> None:
    uid = _new_job(session, "test.count", {"n": 1})
    future = dispatch(_settings(db_url, "redis://127.0.0.1:1/0"), uid)
    assert future is not None
    wait_local()
    session.expire_all()
    assert get_job(session, uid).status == "succeeded"


def test_unknown_job_is_not_found(session: Session) -> None:
    from registry.errors import NotFound

    with pytest.raises(NotFound):
        get_job(session, str(uuid.uuid4()))


class _FirstWorker:
    """What gunicorn hands `post_worker_init`: `age` 1 is a server's first worker."""

    age = 1
    log = logging.getLogger("test.worker")

    def notify(self) -> None:
        pass


def test_first_server_worker_runs_jobs_a_stopped_server_left_queued(
    db_url: str, session: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from api import gunicorn_conf

    caplog.set_level(logging.INFO)
    uid = _new_job(session, "test.count", {"n": 2})
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    thresholds = gc.get_threshold()
    try:
        gunicorn_conf.post_worker_init(_FirstWorker())
    finally:  # the worker settles the collector for good; this test process must not stay so
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    wait_local()
    session.expire_all()
    assert get_job(session, uid).status == "succeeded"
    assert "worker warmed up: 0 candidates kept prepared" in caplog.text
