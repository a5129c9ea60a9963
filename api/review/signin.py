"""Signing in with an analyst token, which becomes a session cookie; signing out."""

from __future__ import annotations

import logging

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from api.auth import InvalidToken, verify_token
from api.database import settings
from api.review import websession
from api.review.blueprint import bp

log = logging.getLogger(__name__)

ROLE = "analyst"


def _safe_next(target: str | None) -> str:
    """Only a path inside the review pages: never an open redirect."""
    if target and target.startswith("/review/") and not target.startswith("//"):
        return target
    return url_for("review.queue")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response | tuple[str, int] | str:
    """The sign-in form; a valid analyst token starts a session."""
    target = request.values.get("next")
    if request.method == "GET":
        return render_template("review/signin.html", next=target, error=None)
    token = (request.form.get("token") or "").strip()
    try:
        principal = verify_token(settings(), token)
    except InvalidToken as exc:
        log.info("review sign-in refused: %s", exc)
        return render_template("review/signin.html", next=target, error=str(exc)), 401
    if ROLE not in principal.roles:
        error = "this token does not carry the analyst role"
        return render_template("review/signin.html", next=target, error=error), 403
    websession.sign_in(principal.sub, principal.org)
    return redirect(_safe_next(target))


@bp.post("/sign-out")
def sign_out() -> Response:
    """End the session and return to the sign-in form."""
    websession.sign_out()
    return redirect(url_for("review.sign_in"))
