"""Jobs that rewrite shared tables never overlap: concurrent link jobs collided under load."""

from __future__ import annotations

import threading
import time
import zlib
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from registry.jobs import JobContext, create_job, get_job, register_handler, run_job
from registry.jobs.exclusion import one_at_a_time

pytestmark = pytest.mark.db

_running = {"now": 0, "most": 0}
_lock = threading.Lock()


@register_handler("test.faults.exclusive", exclusive=True)
def _overlap_probe(context: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    with _lock:
        _running["now"] += 1
        _running["most"] = max(_running["most"], _running["now"])
    time.sleep(0.3)
    with _lock:
        _running["now"] -= 1
    return {}


def test_exclusive_jobs_run_one_at_a_time(db_url: str, session: Session) -> None:
    _running.update(now=0, most=0)
    uids = [create_job(session, "test.faults.exclusive", {}).uid for _ in range(3)]
    session.commit()
    threads = [threading.Thread(target=run_job, args=(db_url, uid)) for uid in uids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    session.expire_all()
    assert [get_job(session, uid).status for uid in uids] == ["succeeded"] * 3
    assert _running["most"] == 1


def test_postgresql_lock_is_visible_to_other_processes(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("advisory locks are PostgreSQL's; SQLite jobs run in one process")
    observer = create_engine(db_url)
    # This lock only: other test runs share the server and may hold advisory locks too.
    key = zlib.crc32(b"vetreg.job.test.faults.visible")
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND objid = :key AND database = (SELECT oid FROM pg_database "
        "WHERE datname = current_database())"
    ).bindparams(key=key)
    try:
        with one_at_a_time(db_url, "test.faults.visible"):
            with observer.connect() as conn:
                assert conn.execute(query).scalar_one() >= 1
        with observer.connect() as conn:
            assert conn.execute(query).scalar_one() == 0
    finally:
        observer.dispose()
