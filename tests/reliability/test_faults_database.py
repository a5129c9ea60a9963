"""Database faults: requests fail fast with a 503 problem and the app recovers by itself.

The restart tests run a private PostgreSQL cluster (never the shared server), once, in
the PostgreSQL pass; they skip when PostgreSQL's initdb is not installed.
"""

from __future__ import annotations

import gc
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from api import create_app
from api.database import db_session
from registry.db import dispose_engines
from registry.schema import migrate
from scripts.reliability.services import PrivatePostgres, find_initdb, private_postgres
from tests.auth_helpers import auth_header

pytestmark = [
    pytest.mark.db,
    # psycopg warns when it collects a connection the stopped server had already dropped.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

BACKEND = os.environ.get("VETREG_TEST_BACKEND", "sqlite")


class _DeadSession:
    """A session whose server went away: rollback raises as psycopg does then."""

    closed = False

    def rollback(self) -> None:
        raise OperationalError("ROLLBACK", {}, Exception("server closed the connection"))

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def dead_session_app(app: Flask) -> Flask:
    @app.get("/test/fails-after-server-loss")
    def _fails() -> str:
        g.db_session = _DeadSession()
        raise RuntimeError("a bug while the database went away")

    @app.get("/test/database-lost")
    def _lost() -> str:
        g.db_session = _DeadSession()
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    return app


@pytest.mark.parametrize(
    ("path", "status"), [("/test/fails-after-server-loss", 500), ("/test/database-lost", 503)]
)
def test_failed_rollback_still_answers_a_problem(
    dead_session_app: Flask, path: str, status: int
) -> None:
    response = dead_session_app.test_client().get(path)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert b"Traceback" not in response.data and b"server closed" not in response.data


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivatePostgres]:
    if BACKEND != "postgresql":
        pytest.skip("a PostgreSQL server fault: runs once, in the PostgreSQL pass")
    if find_initdb() is None:
        pytest.skip("PostgreSQL initdb is not installed")
    with private_postgres() as server:
        yield server
    dispose_engines()
    gc.collect()  # the module's last teardown: dropped connections are collected here


@pytest.fixture
def private_app(cluster: PrivatePostgres, tmp_path: Path) -> Iterator[Flask]:
    url = cluster.create_database(f"faults_{uuid.uuid4().hex[:8]}")
    migrate(url)
    yield create_app({"database_url": url, "var_dir": tmp_path, "TESTING": True})
    gc.collect()  # here, so those warnings surface (ignored) in this test and no later one


def _lookup(client: FlaskClient, app: Flask) -> tuple[int, str, float]:
    """A submission lookup: a read that needs the database (404 when it answers)."""
    started = time.perf_counter()
    response = client.get(
        f"/v1/submissions/{uuid.uuid4()}", headers=auth_header(app, roles=("submitter",))
    )
    return response.status_code, response.content_type or "", time.perf_counter() - started


def test_database_down_is_a_quick_503_then_recovers(
    cluster: PrivatePostgres, private_app: Flask
) -> None:
    client = private_app.test_client()
    assert _lookup(client, private_app)[0] == 404
    cluster.stop("fast")
    try:
        status, content_type, seconds = _lookup(client, private_app)
        assert (status, content_type) == (503, "application/problem+json")
        assert seconds < 5
        assert client.get("/readyz").status_code == 503
    finally:
        cluster.start()
    # The same app, no restart: the pool drops its dead connections and reconnects.
    assert _lookup(client, private_app)[0] == 404
    assert client.get("/readyz").status_code == 200


def test_connections_killed_by_the_server_are_replaced(
    cluster: PrivatePostgres, private_app: Flask
) -> None:
    client = private_app.test_client()
    assert _lookup(client, private_app)[0] == 404
    admin = create_engine(cluster.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname <> 'postgres' AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()
    # Pre-ping notices the pooled connection is dead and opens a new one: no error at all.
    assert _lookup(client, private_app)[0] == 404


def test_request_session_is_discarded_when_the_server_dies_mid_request(
    cluster: PrivatePostgres, private_app: Flask
) -> None:
    @private_app.get("/test/server-dies")
    def _dies() -> str:
        session = db_session()
        session.execute(text("SELECT 1"))
        admin = create_engine(cluster.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(:pid)"),
                {"pid": session.execute(text("SELECT pg_backend_pid()")).scalar_one()},
            )
        admin.dispose()
        session.execute(text("SELECT 1"))
        return "unreachable"

    response = private_app.test_client().get("/test/server-dies")
    assert (response.status_code, response.content_type) == (503, "application/problem+json")
    assert _lookup(private_app.test_client(), private_app)[0] == 404
