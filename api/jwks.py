"""`GET /.well-known/jwks.json`: the public half of the local signing keys."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from api.database import settings
from api.keys import local_public_jwks

bp = Blueprint("jwks", __name__)


@bp.get("/.well-known/jwks.json")
def jwks() -> Response:
    """The local public keys; empty when tokens come from an outside identity provider."""
    current = settings()
    keys = [] if current.jwks_url else list(local_public_jwks(current).values())
    response = jsonify(keys=keys)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
