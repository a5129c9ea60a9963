"""Figures a suite reports at its end (docs/RELIABILITY.md quotes them)."""

from __future__ import annotations

import pytest


def report(request: pytest.FixtureRequest, line: str) -> None:
    """Print `line` past pytest's output capture, as `capsys.disabled()` does."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is None:
        print(f"\n[reliability] {line}")
        return
    with capture.global_and_fixture_disabled():
        print(f"\n[reliability] {line}")
