"""Fixed-window rate limits per token subject and per organisation.

Counters live in Redis (INCR + EXPIRE under `vetreg:rl:`) when REDIS_URL is set, so
every worker shares them; otherwise, or while Redis is unreachable, in this process.
A Redis outage degrades to per-process limits, never to no limits.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from flask import Response, current_app

from api.errors import problem
from registry.config import Settings

if TYPE_CHECKING:
    from api.auth import Principal

__all__ = ["Limiter", "MemoryCounter", "RedisCounter", "enforce", "limiter_for"]

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
DEFAULT_PREFIX = "vetreg:rl:"
REDIS_RETRY_SECONDS = 30.0
REDIS_TIMEOUT_SECONDS = 0.25
_EXTENSION = "vetreg.ratelimit"


class Counter(Protocol):
    """Counts hits on a key that expires after `ttl` seconds."""

    def hit(self, key: str, ttl: int) -> int:
        """Add one hit to `key` and return the count so far."""
        ...


class MemoryCounter:
    """Counters in this process; windows older than the current one are dropped."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, ttl: int) -> int:
        """Add one hit to `key` and return the count so far."""
        now = time.monotonic()
        with self._lock:
            expires, count = self._counts.get(key, (now + ttl, 0))
            if expires <= now:
                expires, count = now + ttl, 0
            self._counts[key] = (expires, count + 1)
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
            return count + 1


class RedisCounter:
    """Counters in Redis; falls back to `fallback` for a while when Redis fails."""

    def __init__(self, url: str, fallback: Counter) -> None:
        from redis import Redis

        self._redis = Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._fallback = fallback
        self._down_until = 0.0

    def hit(self, key: str, ttl: int) -> int:
        """Add one hit to `key` and return the count so far."""
        from redis import RedisError

        if time.monotonic() < self._down_until:
            return self._fallback.hit(key, ttl)
        try:
            pipe = self._redis.pipeline(transaction=True)
            pipe.incr(key)
            pipe.expire(key, ttl)
            count, _ = pipe.execute()
            return int(count)
        except RedisError as exc:
            # Skip Redis for a while so every request does not wait for its timeout.
            log.warning("rate limiter: Redis unavailable (%s); limiting in-process", exc)
            self._down_until = time.monotonic() + REDIS_RETRY_SECONDS
            return self._fallback.hit(key, ttl)


@dataclass(frozen=True)
class Limiter:
    """Per-subject and per-organisation limits over fixed one-minute windows."""

    counter: Counter
    per_subject: int
    per_org: int
    prefix: str = DEFAULT_PREFIX

    def retry_after(self, sub: str, org: str, now: float | None = None) -> int | None:
        """Seconds to wait when `sub` or `org` is over its limit, else None (counts the hit)."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_SECONDS)
        ttl = WINDOW_SECONDS + 1
        checks = (("sub", f"{org}/{sub}", self.per_subject), ("org", org, self.per_org))
        over = False
        for scope, name, limit in checks:
            if limit > 0:
                count = self.counter.hit(f"{self.prefix}{scope}:{name}:{window}", ttl)
                over = over or count > limit
        if not over:
            return None
        return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


def build_limiter(settings: Settings) -> Limiter:
    """The limiter `settings` describe (Redis-backed when redis_url is set)."""
    memory = MemoryCounter()
    counter: Counter = RedisCounter(settings.redis_url, memory) if settings.redis_url else memory
    prefix = str(settings.extra.get("rate_limit_prefix", DEFAULT_PREFIX))
    return Limiter(
        counter, settings.rate_limit_per_minute, settings.rate_limit_org_per_minute, prefix
    )


def limiter_for(settings: Settings) -> Limiter:
    """The current app's limiter, built on first use."""
    limiter = current_app.extensions.get(_EXTENSION)
    if not isinstance(limiter, Limiter):
        limiter = current_app.extensions[_EXTENSION] = build_limiter(settings)
    return limiter


def enforce(principal: Principal) -> Response | None:
    """None when `principal` is within its limits, else a 429 with Retry-After."""
    settings: Settings = current_app.config["SETTINGS"]
    wait = limiter_for(settings).retry_after(principal.sub, principal.org)
    if wait is None:
        return None
    detail = f"Too many requests for {principal.sub} or {principal.org}; retry in {wait} s."
    response = problem(429, "Too many requests", detail, retry_after=wait)
    response.headers["Retry-After"] = str(wait)
    return response
