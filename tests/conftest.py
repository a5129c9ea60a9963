"""Shared fixtures: a throwaway database on the backend chosen by VETREG_TEST_BACKEND.

`make test` runs the suite once with `sqlite` and once with `postgresql`; on PostgreSQL a
database is created for the run and dropped at its end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api import create_app
from registry.db import dispose_engines, session_factory
from registry.jobs.dispatch import wait_local
from registry.linking.model_store import forget_active
from registry.models import Base
from registry.schema import migrate
from registry.vetting.key_index import forget_key_index
from registry.vetting.resident import forget_resident

BACKEND = os.environ.get("VETREG_TEST_BACKEND", "sqlite")
PG_ADMIN_URL = os.environ.get(
    "VETREG_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _create_pg_database() -> tuple[str, str]:
    name = f"vetreg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly migrated database for this test run."""
    if BACKEND == "postgresql":
        name, url = _create_pg_database()
        try:
            migrate(url)
            yield url
        finally:
            dispose_engines()
            _drop_pg_database(name)
        return
    if BACKEND != "sqlite":
        raise pytest.UsageError(f"VETREG_TEST_BACKEND must be sqlite or postgresql, not {BACKEND}")
    path: Path = tmp_path_factory.mktemp("db") / "vetreg.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    yield url
    dispose_engines()


def _empty_tables(url: str) -> None:
    factory = session_factory(url)
    with factory() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        session.commit()
    forget_active()  # the next test's registry starts without a model
    forget_resident()  # nor with the candidates this one kept
    forget_key_index()  # nor with its retrieval keys in memory


@pytest.fixture
def db_url(database_url: str) -> Iterator[str]:
    """The run's database, emptied after the test (once its background jobs are done)."""
    yield database_url
    wait_local()
    _empty_tables(database_url)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on the emptied-after-use database."""
    with session_factory(db_url)() as s:
        yield s


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Flask:
    """The app on the test database, with its own var dir."""
    return create_app({"database_url": db_url, "var_dir": tmp_path, "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of `app`."""
    return app.test_client()
