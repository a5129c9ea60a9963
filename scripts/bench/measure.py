"""Wall time and peak resident memory of one command, measured from a small, fresh parent.

On Linux a child's ru_maxrss starts from the high-water mark of the process it was forked
from, so measuring from the benchmark driver (which holds truth tables and outputs) would
inflate every figure. The driver therefore starts this module as a slim launcher, which
runs the command and reads its rusage with os.wait4:

    python -m scripts.bench.measure RESULT.json LOG TIMEOUT -- COMMAND...

A command still running after TIMEOUT seconds is killed and reported with exit code -9.

ru_maxrss is the peak of the largest single process. A command that forks workers
(`vetreg link --workers 2`) holds memory in several at once, so the launcher also
samples the summed proportional set size (PSS: shared pages split between their
sharers) of the whole process tree and reports the larger of the two.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    """How one command ran."""

    wall_s: float
    cpu_s: float  # user + system: less sensitive than wall time to other load on the machine
    peak_mb: float
    returncode: int


def _die_with_parent() -> None:
    """In the child: be killed when the parent dies, so an interrupted run leaves no orphans."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


SAMPLE_SECONDS = 0.25


def _children_of() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue  # gone meanwhile
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    return children


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_kb(root: int) -> int:
    """Summed PSS of `root` and all its descendants, in kilobytes (0 off Linux)."""
    if not Path("/proc").is_dir():
        return 0
    children, todo, total = _children_of(), [root], 0
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo.extend(children.get(pid, []))
    return total


def _sample_peak(root: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(SAMPLE_SECONDS):
        peak[0] = max(peak[0], tree_pss_kb(root))


def run_command(command: list[str], log: Path, timeout: float) -> Measurement:
    """Run `command` with output to `log`; measure wall time and peak memory: the larger of
    its largest process's ru_maxrss and its process tree's summed PSS."""
    with log.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                 preexec_fn=_die_with_parent)
        # A timer rather than Popen.wait(timeout): os.wait4 must reap the child itself.
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        done, tree_peak = threading.Event(), [0]
        sampler = threading.Thread(target=_sample_peak, args=(child.pid, done, tree_peak))
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    # ru_maxrss is in kilobytes on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    peak_kb = max(usage.ru_maxrss, tree_peak[0])
    return Measurement(round(wall, 3), round(cpu, 3), round(peak_kb / 1024, 1), child.returncode)


def measured(command: list[str], result: Path, log: Path, timeout: float) -> Measurement:
    """Run `command` under the launcher and return its measurement."""
    launcher = [sys.executable, "-m", "scripts.bench.measure", str(result), str(log),
                str(timeout), "--"]
    subprocess.run(launcher + command, check=True, preexec_fn=_die_with_parent)
    return Measurement(**json.loads(result.read_text()))


def main(argv: list[str]) -> None:
    """Launcher entry point: RESULT LOG TIMEOUT -- COMMAND..."""
    result, log, timeout, separator, *command = argv
    if separator != "--" or not command:
        raise SystemExit("usage: python -m scripts.bench.measure RESULT LOG TIMEOUT -- COMMAND...")
    measurement = run_command(command, Path(log), float(timeout))
    Path(result).write_text(json.dumps(asdict(measurement)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
