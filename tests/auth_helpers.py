"""Tokens for tests: `token_for(app, roles=("auditor",))` and `auth_header(app, ...)`."""

from __future__ import annotations

import base64
import functools
import json
import os
import time
from collections.abc import Iterable
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from jose import jwt

from api.auth import issue_token
from api.keys import SIGNING_KEY_FILE, Jwk, signing_key
from registry.config import Settings


def settings_of(app: Flask) -> Settings:
    """The settings `app` runs with."""
    value: Settings = app.config["SETTINGS"]
    return value


@functools.cache
def _shared_rsa_pem() -> bytes:
    # One key for the whole run: RSA generation would dominate the time of every test.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def app_key(app: Flask) -> tuple[str, Jwk]:
    """`app`'s signing key as PEM and public JWK; an RS256 app gets the run's shared key."""
    settings = settings_of(app)
    path = settings.signing_key_dir / SIGNING_KEY_FILE
    if not path.exists() and settings.jwt_algorithms[0].startswith("RS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_shared_rsa_pem())
    return signing_key(settings)


def token_for(
    app: Flask,
    *,
    sub: str = "t",
    org: str = "BGD",
    roles: Iterable[str] = ("vetting",),
    ttl: int = 300,
) -> str:
    """A valid token for `app`, signed with its local key."""
    app_key(app)
    return issue_token(settings_of(app), sub=sub, org=org, roles=list(roles), ttl_seconds=ttl)


def auth_header(app: Flask, **kwargs: Any) -> dict[str, str]:
    """An Authorization header carrying `token_for(app, **kwargs)`."""
    return {"Authorization": f"Bearer {token_for(app, **kwargs)}"}


def claims_for(app: Flask, **overrides: Any) -> dict[str, Any]:
    """Valid claims for `app`; an override of None removes that claim."""
    settings = settings_of(app)
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": "t",
        "org": "BGD",
        "roles": ["auditor"],
        "iat": now,
        "exp": now + 300,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def sign(app: Flask, claims: dict[str, Any], **headers: Any) -> str:
    """`claims` signed with `app`'s real key (for tests of claim checks)."""
    pem, jwk = app_key(app)
    return str(
        jwt.encode(claims, pem, algorithm=jwk["alg"], headers={"kid": jwk["kid"], **headers})
    )


def b64(data: bytes | dict[str, Any]) -> str:
    """base64url without padding, of bytes or of compact JSON."""
    raw = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
