"""One database session per request, opened lazily on `g` and closed at teardown."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from registry.config import Settings
from registry.db import session_factory


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


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()  # anything not committed explicitly is discarded
        session.close()


def init_app(app: Flask) -> None:
    """Register the teardown that closes the request's session."""
    app.teardown_appcontext(_close_session)
