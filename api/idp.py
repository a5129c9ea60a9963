"""Public keys of an outside identity provider, fetched from the configured JWKS URL only.

Keys named in a token's own headers (`jku`, `x5u`, `jwk`) are never fetched or trusted;
this module is the only place that fetches keys, and only from `VETREG_JWKS_URL`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

__all__ = ["clear_cache", "fetch_jwks", "remote_jwk"]

log = logging.getLogger(__name__)

CACHE_TTL_SECONDS = 300.0
REFETCH_INTERVAL_SECONDS = 60.0
FETCH_TIMEOUT_SECONDS = 5.0
MAX_JWKS_BYTES = 1 << 20
_RSA_ALGS = frozenset({"RS256", "RS384", "RS512"})
_EC_ALGS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
_PUBLIC_MEMBERS = {"RSA": ("kty", "n", "e"), "EC": ("kty", "crv", "x", "y")}

Jwk = dict[str, str]


@dataclass
class _Cached:
    keys: dict[str, Jwk] = field(default_factory=dict)
    fetched_at: float = 0.0


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def fetch_jwks(url: str) -> Any:
    """The parsed JSON document at `url` (https, http or file), at most 1 MiB."""
    if urlparse(url).scheme not in {"https", "http", "file"}:
        raise ValueError(f"unsupported JWKS URL scheme: {url}")
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
        data = response.read(MAX_JWKS_BYTES + 1)
    if len(data) > MAX_JWKS_BYTES:
        raise ValueError("JWKS document larger than 1 MiB")
    return json.loads(data)


def _algorithm(jwk: dict[str, Any]) -> str | None:
    """The key's signing algorithm: declared, or implied by its type; None when unusable."""
    implied = "RS256" if jwk.get("kty") == "RSA" else _EC_ALGS.get(str(jwk.get("crv")))
    declared = jwk.get("alg", implied)
    if jwk.get("kty") == "RSA":
        return declared if declared in _RSA_ALGS else None
    return declared if declared is not None and declared == implied else None


def _public_jwk(raw: Any) -> Jwk | None:
    """The public members of one JWK, or None when it cannot verify our tokens."""
    if not isinstance(raw, dict) or not isinstance(raw.get("kid"), str):
        return None
    members = _PUBLIC_MEMBERS.get(str(raw.get("kty")))
    alg = _algorithm(raw)
    if members is None or alg is None or raw.get("use", "sig") != "sig":
        return None
    if not all(isinstance(raw.get(m), str) for m in members):
        return None
    return {**{m: raw[m] for m in members}, "kid": raw["kid"], "alg": alg}


def parse_jwks(document: Any) -> dict[str, Jwk]:
    """Usable public keys of a JWK set, by kid."""
    raw_keys = document.get("keys") if isinstance(document, dict) else None
    keys = (_public_jwk(raw) for raw in raw_keys or [])
    return {jwk["kid"]: jwk for jwk in keys if jwk is not None}


def _refresh(url: str, previous: _Cached | None, now: float) -> _Cached:
    try:
        keys = parse_jwks(fetch_jwks(url))
    except Exception as exc:  # an unreachable IdP must not take the API down with a 500
        log.warning("cannot fetch JWKS from %s: %s", url, exc)
        keys = previous.keys if previous is not None else {}
    entry = _Cached(keys=keys, fetched_at=now)
    _cache[url] = entry
    return entry


def remote_jwk(url: str, kid: str) -> Jwk | None:
    """The IdP's key `kid`: cached for 5 minutes; an unknown kid refetches at most once a minute."""
    now = time.monotonic()
    with _lock:  # one fetch at a time: no stampede on the IdP when a key rotates
        entry = _cache.get(url)
        if entry is None or now - entry.fetched_at > CACHE_TTL_SECONDS:
            entry = _refresh(url, entry, now)
        elif kid not in entry.keys and now - entry.fetched_at > REFETCH_INTERVAL_SECONDS:
            entry = _refresh(url, entry, now)
        return entry.keys.get(kid)


def clear_cache() -> None:
    """Forget every fetched key set (tests, key rotation by hand)."""
    with _lock:
        _cache.clear()
