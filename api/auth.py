"""JWT bearer authentication and role checks; the one module that handles tokens.

Only asymmetric algorithms pinned by configuration are accepted, each key verifies
only with its own algorithm, keys are looked up by `kid` among known keys only, and
`exp`, `iat`, `iss`, `aud`, `sub`, `org` and `roles` are required.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from flask import Flask, Response, current_app, g, request
from jose import jwk as jose_jwk
from jose import jwt as jose_jwt

from api import idp, ratelimit
from api.errors import ApiError, problem
from api.keys import ensure_signing_keys, local_public_jwks, signing_key
from registry.config import Settings

__all__ = [
    "ROLES",
    "InvalidToken",
    "Principal",
    "current_principal",
    "ensure_signing_keys",
    "init_app",
    "issue_token",
    "public",
    "require",
    "verify_token",
]

log = logging.getLogger(__name__)

ROLES = frozenset({"submitter", "vetting", "analyst", "auditor", "admin"})
ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"})
MAX_TOKEN_CHARS = 8192
# Headers that point at or carry keys: a token never chooses the key that verifies it.
FORBIDDEN_HEADERS = frozenset({"jku", "x5u", "jwk", "x5c", "crit"})
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "org", "roles")
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_ORG_RE = re.compile(r"[A-Z][A-Z0-9_-]{1,15}")
MAX_SUB_CHARS = 200
MAX_KID_CHARS = 200

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Principal:
    """Who is calling: subject, organisation and roles from a verified token."""

    sub: str
    org: str
    roles: frozenset[str]


class InvalidToken(Exception):
    """The token is not acceptable; the message says why (safe to show)."""


def _b64_json(segment: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (binascii.Error, ValueError, RecursionError) as exc:
        raise InvalidToken("token is not valid base64url JSON") from exc


def _header(token: str) -> dict[str, Any]:
    if len(token) > MAX_TOKEN_CHARS:
        raise InvalidToken("token too large")
    if not _TOKEN_RE.fullmatch(token):
        raise InvalidToken("token is not a signed JWT")
    header = _b64_json(token.split(".", 1)[0])
    if not isinstance(header, dict):
        raise InvalidToken("token header is not an object")
    if FORBIDDEN_HEADERS & header.keys():
        raise InvalidToken("token headers may not name or carry keys")
    return header


def _algorithm(settings: Settings, header: dict[str, Any]) -> str:
    alg = header.get("alg")
    allowed = ASYMMETRIC_ALGORITHMS & set(settings.jwt_algorithms)
    if not isinstance(alg, str) or alg not in allowed:
        raise InvalidToken("token algorithm not allowed")
    return alg


def _trusted_jwk(settings: Settings, kid: str) -> dict[str, str] | None:
    if settings.jwks_url:
        return idp.remote_jwk(settings.jwks_url, kid)
    return local_public_jwks(settings).get(kid)


@functools.lru_cache(maxsize=64)
def _jose_key(jwk_json: str) -> Any:
    jwk = json.loads(jwk_json)
    return jose_jwk.construct(jwk, algorithm=jwk["alg"])


def _key(settings: Settings, header: dict[str, Any], alg: str) -> Any:
    kid = header.get("kid")
    if not isinstance(kid, str) or not 0 < len(kid) <= MAX_KID_CHARS:
        raise InvalidToken("token has no usable key id")
    jwk = _trusted_jwk(settings, kid)
    if jwk is None:
        raise InvalidToken("token signed with an unknown key")
    if jwk["alg"] != alg:  # an RSA key never verifies an HS or ES signature, and so on
        raise InvalidToken("token algorithm does not match its key")
    return _jose_key(json.dumps(jwk, sort_keys=True))


def _claims(settings: Settings, token: str, key: Any, alg: str) -> dict[str, Any]:
    options = {f"require_{c}": True for c in ("exp", "iat", "iss", "aud")}
    try:
        claims = jose_jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={**options, "leeway": settings.jwt_leeway_seconds},
        )
    except Exception as exc:  # any failure to verify is a refusal, whatever raised it
        raise InvalidToken(_jose_reason(exc)) from exc
    if not isinstance(claims, dict):
        raise InvalidToken("token claims are not an object")
    return claims


def _jose_reason(exc: Exception) -> str:
    text = str(exc).lower()
    for needle, reason in (("expired", "token expired"), ("signature", "bad token signature")):
        if needle in text:
            return reason
    return "token claims rejected" if "claim" in text else "token rejected"


def _number(claims: dict[str, Any], name: str) -> float:
    value = claims.get(name)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InvalidToken(f"token claim {name} is not a number")
    return float(value)


def _check_times(settings: Settings, claims: dict[str, Any]) -> None:
    iat, exp = _number(claims, "iat"), _number(claims, "exp")
    if iat > time.time() + settings.jwt_leeway_seconds:
        raise InvalidToken("token issued in the future")
    if exp - iat > settings.jwt_max_ttl_seconds:
        raise InvalidToken("token lifetime longer than allowed")


def _principal(claims: dict[str, Any]) -> Principal:
    missing = [c for c in REQUIRED_CLAIMS if c not in claims]
    if missing:
        raise InvalidToken(f"token lacks claims: {', '.join(missing)}")
    sub, org, roles = claims["sub"], claims["org"], claims["roles"]
    if not isinstance(sub, str) or not 0 < len(sub) <= MAX_SUB_CHARS:
        raise InvalidToken("token subject is not valid")
    if not isinstance(org, str) or not _ORG_RE.fullmatch(org):
        raise InvalidToken("token organisation is not a valid code")
    if not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
        raise InvalidToken("token roles must be a non-empty list")
    if not set(roles) <= ROLES:
        raise InvalidToken("token names an unknown role")
    return Principal(sub=sub, org=org, roles=frozenset(roles))


def verify_token(settings: Settings, token: str) -> Principal:
    """The principal of a valid token; raises InvalidToken otherwise."""
    header = _header(token)
    alg = _algorithm(settings, header)
    claims = _claims(settings, token, _key(settings, header, alg), alg)
    _check_times(settings, claims)
    return _principal(claims)


def _split_roles(roles: Iterable[str]) -> list[str]:
    names = sorted({part.strip() for role in roles for part in role.split(",") if part.strip()})
    unknown = set(names) - ROLES
    if unknown or not names:
        raise ValueError(f"roles must be among {sorted(ROLES)}; got {sorted(unknown) or 'none'}")
    return names


def issue_token(
    settings: Settings, *, sub: str, org: str, roles: Iterable[str], ttl_seconds: int
) -> str:
    """A token signed with the local key (embedded setups, demos and tests)."""
    if not 0 < ttl_seconds <= settings.jwt_max_ttl_seconds:
        raise ValueError(f"ttl must be between 1 and {settings.jwt_max_ttl_seconds} seconds")
    if not _ORG_RE.fullmatch(org) or not 0 < len(sub) <= MAX_SUB_CHARS:
        raise ValueError("sub must be 1-200 characters and org an upper-case code")
    pem, jwk = signing_key(settings)
    now = int(time.time())
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": sub,
        "org": org,
        "roles": _split_roles(roles),
        "iat": now,
        "exp": now + ttl_seconds,
    }
    headers = {"kid": jwk["kid"], "typ": "JWT"}
    return str(jose_jwt.encode(claims, pem, algorithm=jwk["alg"], headers=headers))


def _unauthorised(reason: str) -> Response:
    response = problem(401, "Unauthorized", reason)
    error = "" if reason == "missing bearer token" else ', error="invalid_token"'
    response.headers["WWW-Authenticate"] = f'Bearer realm="vetreg"{error}'
    return response


def _bearer_token() -> str:
    header = request.headers.get("Authorization")
    if header is None:
        raise InvalidToken("missing bearer token")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token or " " in token.strip():
        raise InvalidToken("Authorization header must be 'Bearer <token>'")
    return token.strip()


def _authorise(roles: frozenset[str]) -> Response | None:
    """None when the caller may proceed; otherwise the refusal to send."""
    settings: Settings = current_app.config["SETTINGS"]
    try:
        principal = verify_token(settings, _bearer_token())
    except InvalidToken as exc:
        log.info("refused token: %s", exc)
        return _unauthorised(str(exc))
    g.principal = principal
    limited = ratelimit.enforce(principal)
    if limited is not None:
        return limited
    if not principal.roles & roles:
        return problem(403, "Forbidden", f"this needs one of the roles: {', '.join(sorted(roles))}")
    return None


def require(*roles: str) -> Callable[[F], F]:
    """Decorator: the view needs a valid token carrying one of `roles`."""
    if not roles or not set(roles) <= ROLES:
        raise ValueError(f"require() needs roles among {sorted(ROLES)}, got {roles}")
    needed = frozenset(roles)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            refusal = _authorise(needed)
            return refusal if refusal is not None else view(*args, **kwargs)

        wrapper.vetreg_roles = needed  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorator


def public(view: F) -> F:
    """Decorator: mark a `/v1/` view as deliberately open to anonymous callers."""
    view.vetreg_roles = frozenset()  # type: ignore[attr-defined]
    return view


def current_principal() -> Principal:
    """The caller authenticated by `require` for this request."""
    principal = g.get("principal")
    if not isinstance(principal, Principal):
        raise ApiError(401, "Unauthorized", "this request is not authenticated")
    return principal


def _deny_unmarked() -> Response | None:
    # Deny by default: a /v1/ view that forgot @require answers 401 rather than leak.
    if not request.path.startswith("/v1/") or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if view is None or hasattr(view, "vetreg_roles"):
        return None
    log.error("view %s has no @require; refusing", request.endpoint)
    return _unauthorised("missing bearer token")


def init_app(app: Flask) -> None:
    """Refuse any /v1/ view that declares no roles."""
    app.before_request(_deny_unmarked)
