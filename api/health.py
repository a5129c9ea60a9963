"""Liveness and readiness probes; no authentication."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from api.database import db_session
from api.errors import problem

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is up."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> Response:
    """The database answers."""
    try:
        db_session().execute(text("SELECT 1"))
    except Exception:  # any failure means not ready; the reason is logged by the driver
        return problem(503, "Not ready", "The registry database cannot be reached.")
    return jsonify(status="ready", database="ok")
