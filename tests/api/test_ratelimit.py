"""Rate limits per subject and per organisation: 429 problem+json with Retry-After."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from redis import Redis

from api import create_app
from api.ratelimit import Limiter, MemoryCounter
from tests.auth_helpers import auth_header
from tests.fixed_clock import FixedClock, freeze_rate_limit_clock

pytestmark = pytest.mark.db

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    return freeze_rate_limit_clock(monkeypatch)


@pytest.fixture
def prefix() -> Iterator[str]:
    """A Redis key prefix of this test only; its keys are removed afterwards."""
    value = f"vetreg:rl:test-{uuid.uuid4().hex}:"
    yield value
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"{value}*"):
        redis.delete(key)
    redis.close()


def limited_app(db_url: str, tmp_path: Path, **overrides: Any) -> Flask:
    config = {"database_url": db_url, "var_dir": tmp_path, "rate_limit_per_minute": 3}
    return create_app({**config, "rate_limit_org_per_minute": 5, **overrides})


def _statuses(app: Flask, count: int, **token: Any) -> list[int]:
    headers = auth_header(app, roles=("auditor",), **token)
    client = app.test_client()
    return [client.get("/v1/audit", headers=headers).status_code for _ in range(count)]


def _check_per_subject_and_org(app: Flask) -> None:
    assert _statuses(app, 4, sub="a") == [200, 200, 200, 429]
    assert _statuses(app, 2, sub="b") == [200, 429]  # org BGD has had 6 of its 5
    assert _statuses(app, 1, sub="a", org="NPL") == [200]  # another organisation, its own count


def test_in_memory_limits(db_url: str, tmp_path: Path) -> None:
    _check_per_subject_and_org(limited_app(db_url, tmp_path))


def test_429_is_problem_json_with_retry_after(db_url: str, tmp_path: Path) -> None:
    app = limited_app(db_url, tmp_path)
    headers = auth_header(app, roles=("auditor",))
    client = app.test_client()
    for _ in range(3):
        client.get("/v1/audit", headers=headers)
    response = client.get("/v1/audit", headers=headers)
    assert response.status_code == 429
    assert response.content_type == "application/problem+json"
    assert response.headers["Retry-After"] == "45"
    assert response.get_json()["retry_after"] == 45


def test_new_window_resets(db_url: str, tmp_path: Path, clock: FixedClock) -> None:
    app = limited_app(db_url, tmp_path)
    assert _statuses(app, 4) == [200, 200, 200, 429]
    clock.now += 60
    assert _statuses(app, 1) == [200]


def test_redis_limits_are_shared(db_url: str, tmp_path: Path, prefix: str) -> None:
    options = {"redis_url": REDIS_URL, "rate_limit_prefix": prefix}
    first = limited_app(db_url, tmp_path, **options)
    _check_per_subject_and_org(first)
    second = limited_app(db_url, tmp_path, **options)  # another worker process, same counters
    assert _statuses(second, 1, sub="a") == [429]
    redis = Redis.from_url(REDIS_URL)
    keys = sorted(k.decode() for k in redis.scan_iter(f"{prefix}*"))
    assert keys and all(k.startswith("vetreg:rl:") for k in keys)
    assert all(0 < redis.ttl(k) <= 61 for k in keys)
    redis.close()


def test_redis_down_still_limits(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = limited_app(db_url, tmp_path, redis_url="redis://127.0.0.1:1/0")
    with caplog.at_level(logging.WARNING, logger="api.ratelimit"):
        assert _statuses(app, 4) == [200, 200, 200, 429]
    assert "Redis unavailable" in caplog.text


@pytest.mark.parametrize(("now", "wait"), [(120.0, 60), (120.5, 60), (179.2, 1), (179.99, 1)])
def test_retry_after_is_the_rest_of_the_window(now: float, wait: int) -> None:
    limiter = Limiter(MemoryCounter(), per_subject=1, per_org=0)
    assert limiter.retry_after("s", "BGD", now=now) is None
    assert limiter.retry_after("s", "BGD", now=now) == wait


def test_zero_disables_a_limit() -> None:
    limiter = Limiter(MemoryCounter(), per_subject=0, per_org=0)
    assert all(limiter.retry_after("s", "BGD", now=1.0) is None for _ in range(100))
