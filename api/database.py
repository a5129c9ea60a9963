"""One database session per request, opened lazily on `g` and closed at teardown."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from registry.config import Settings
from registry.db import session_factory

log = logging.getLogger(__name__)


def settings() -> Settings:
    """The settings of the running app."""
    value: Settings = current_app.config["SETTINGS"]
    return value


def db_session() -> Session:
    """The request's session (created on first use)."""
    if "db_session" not in g:
        g.db_session = session_factory(settings().database_url)()
    session: Session = g.db_session
    return session


def discard_session() -> None:
    """Roll back and close the request's session, if any, even when its server is gone."""
    session: Session | None = g.pop("db_session", None)
    if session is None:
        return
    try:
        session.rollback()  # anything not committed explicitly is discarded
    except SQLAlchemyError as exc:
        # The connection died with the server; the pool drops it, nothing is left to undo.
        log.warning("rollback failed: %s", exc.__class__.__name__)
    finally:
        session.close()


def _close_session(_exc: BaseException | None) -> None:
    discard_session()


def init_app(app: Flask) -> None:
    """Register the teardown that closes the request's session."""
    app.teardown_appcontext(_close_session)
