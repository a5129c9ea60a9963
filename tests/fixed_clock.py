"""A wall clock frozen mid-window for the rate limiter's fixed one-minute windows."""

from __future__ import annotations

import time

import pytest

from api import ratelimit


class FixedClock:
    """Wall time frozen mid-window, so a test never straddles a window edge."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return time.monotonic()


def freeze_rate_limit_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    """Freeze the limiter's clock 15 s into a window."""
    fixed = FixedClock(1_800_000_015.0)
    monkeypatch.setattr(ratelimit, "time", fixed)
    return fixed
