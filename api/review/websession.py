"""The review pages' browser session: a signed cookie, its key, CSRF tokens and sign-in state."""

from __future__ import annotations

import hmac
import os
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import Flask, abort, request, session
from flask.sessions import SecureCookieSessionInterface

from registry.config import Settings

SESSION_LIFETIME = timedelta(hours=8)  # a working day; idle sessions expire with the cookie
ABSOLUTE_LIFETIME_SECONDS = 12 * 3600  # and no session outlives a long shift
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True)
class Analyst:
    """The signed-in analyst."""

    sub: str
    org: str


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def session_key(settings: Settings) -> bytes:
    """The persistent random key that signs session cookies (created on first use, 0600)."""
    configured = settings.extra.get("session_secret_key")
    if configured:
        return str(configured).encode()
    path = Path(settings.var_dir) / "keys" / "session.key"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: when several workers start at once exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_bytes().strip()


def init_app(app: Flask) -> None:
    """Give the app a session key and safe cookie settings."""
    settings: Settings = app.config["SETTINGS"]
    app.secret_key = session_key(settings)
    app.session_interface = _SessionInterface()
    app.permanent_session_lifetime = SESSION_LIFETIME
    app.config.update(
        SESSION_COOKIE_NAME="vetreg_review",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/review",
    )


def csrf_token() -> str:
    """The session's CSRF token (made on first use)."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Refuse a state-changing request without the session's CSRF token."""
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        abort(400, description="The form has expired or did not come from this site; reload it.")


def sign_in(sub: str, org: str) -> None:
    """Start a fresh session for the analyst (a new id and CSRF token: no fixation)."""
    session.clear()
    session.permanent = True
    session.update(sub=sub, org=org, at=int(time.time()), csrf=secrets.token_urlsafe(32))


def sign_out() -> None:
    """End the session."""
    session.clear()


def current_analyst() -> Analyst | None:
    """The signed-in analyst, or None when signed out or the session is too old."""
    sub, org, at = session.get("sub"), session.get("org"), session.get("at")
    if not isinstance(sub, str) or not isinstance(org, str) or not isinstance(at, int):
        return None
    if time.time() - at > ABSOLUTE_LIFETIME_SECONDS:
        session.clear()
        return None
    return Analyst(sub, org)
