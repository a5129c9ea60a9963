"""The review blueprint: every page needs a signed-in analyst and every form a CSRF token."""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from api.review import present, websession
from registry.errors import NotFound, RegistryError

bp = Blueprint("review", __name__, url_prefix="/review")
bp.record_once(lambda state: websession.init_app(cast(Flask, state.app)))

OPEN_ENDPOINTS = frozenset({"review.sign_in"})


@bp.before_request
def _require_analyst() -> Response | None:
    if request.method == "POST":
        websession.check_csrf()
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    analyst = websession.current_analyst()
    if analyst is None:
        return redirect(url_for("review.sign_in", next=request.full_path.rstrip("?")))
    g.analyst = analyst
    return None


@bp.after_request
def _no_store(response: Response) -> Response:
    # Pages show personal data: keep them out of shared caches and the back-forward cache.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    )
    return response


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "csrf_token": websession.csrf_token,
        "analyst": g.get("analyst"),
        "name_of": lambda record: present.display_name(present.full_name(record)),
    }


def _error_page(status: int, title: str, detail: str) -> tuple[str, int]:
    return render_template("review/error.html", status=status, title=title, detail=detail), status


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> tuple[str, int]:
    return _error_page(error.code or 500, error.name, error.description or error.name)


@bp.errorhandler(NotFound)
def _not_found(error: RegistryError) -> tuple[str, int]:
    return _error_page(404, error.title, error.detail)
