"""The benchmark launcher's memory figure counts every process of a command's tree."""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.bench.measure import run_command

FORKING = """
import os, time
pid = os.fork()
held = (b"y" if pid == 0 else b"x") * (80 * 2**20)  # each its own, at the same time
time.sleep(1.0)
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_a_forked_workers_memory_is_added_to_its_parents(tmp_path: Path) -> None:
    measured = run_command([sys.executable, "-c", FORKING], tmp_path / "log", timeout=30)
    assert measured.returncode == 0
    # Each process alone peaks at about 90 MB (its ru_maxrss); together they hold 160 MB.
    assert measured.peak_mb >= 150
