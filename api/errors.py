"""One table from error to HTTP status; every error body is application/problem+json."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from api.database import discard_session
from registry.errors import (
    Conflict,
    InvalidInput,
    LimitExceeded,
    NotFound,
    PermissionDenied,
    RegistryError,
    Unavailable,
)

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

STATUS_BY_ERROR: dict[type[RegistryError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    PermissionDenied: 403,
    LimitExceeded: 413,
    Unavailable: 503,
}


class ApiError(Exception):
    """An error raised in `api/` that already knows its status."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def _registry_error(error: RegistryError) -> Response:
    status = STATUS_BY_ERROR.get(type(error), 400)
    extra = dict(error.extra)
    if isinstance(error, InvalidInput) and error.problems:
        extra["problems"] = [p.as_dict() for p in error.problems[:100]]
        extra["problem_count"] = error.extra.get("problem_count", len(error.problems))
    return problem(status, error.title, error.detail, **extra)


def _api_error(error: ApiError) -> Response:
    return problem(error.status, error.title, error.detail, **error.extra)


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    response = problem(status, error.name, error.description or error.name)
    if status == 405 and error.get_response().headers.get("Allow"):
        response.headers["Allow"] = error.get_response().headers["Allow"]
    return response


def _database_down(error: Exception) -> Response:
    log.warning("database unavailable: %s", error.__class__.__name__)
    discard_session()
    detail = "The registry database cannot be reached; retry shortly."
    return problem(503, "Service unavailable", detail)


def _unexpected(error: Exception) -> Response:
    log.exception("unhandled error")
    discard_session()
    return problem(500, "Internal error", "An unexpected error occurred; it has been logged.")


def register_error_handlers(app: Flask) -> None:
    """Install the handler table on `app`."""
    app.register_error_handler(RegistryError, _registry_error)
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_down)
    app.register_error_handler(PoolTimeout, _database_down)
    app.register_error_handler(Exception, _unexpected)
