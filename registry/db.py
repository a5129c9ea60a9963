"""Engine and session handling: one engine per process, sessions per unit of work."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

_engines: dict[str, Engine] = {}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the API read while an import writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def build_engine(database_url: str) -> Engine:
    """A new engine for `database_url`, with SQLite made safe for concurrent use."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Fail fast when the server is away: a vetting client should get a 503, not a hang.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        pool_timeout=5,
        connect_args={"connect_timeout": 5},
    )


def get_engine(database_url: str) -> Engine:
    """The process-wide engine for `database_url` (created on first use, after any fork)."""
    engine = _engines.get(database_url)
    if engine is None:
        engine = _engines[database_url] = build_engine(database_url)
    return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests, worker shutdown)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def session_factory(database_url: str) -> sessionmaker[Session]:
    """A session maker bound to the process engine."""
    return sessionmaker(bind=get_engine(database_url), expire_on_commit=False)


@contextmanager
def session_scope(database_url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = session_factory(database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
