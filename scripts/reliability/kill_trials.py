"""Fault (a): kill -9 a process in the middle of a submission, then retry it.

The process is a `vetreg import`-style intake process (`--target import`) or the gunicorn
worker handling an upload (`--target worker`). After each kill the registry must hold the
whole submission (the commit came first) or no trace of it at all, and submitting the
same file again must succeed.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.db import session_factory
from registry.models import Base, PersonnelRecord, Submission
from scripts.reliability.http import Answer, call
from scripts.reliability.server import ROOT
from scripts.reliability.stack import Stack

__all__ = ["TrialResult", "import_kill_trials", "personnel_file", "worker_kill_trials"]

HEADER = "record_id,family_name,given_names,date_of_birth,nationality,sex,service_number\n"


def personnel_file(prefix: str, rows: int) -> bytes:
    """A personnel CSV whose record ids all start with `prefix`."""
    lines = [HEADER]
    for i in range(rows):
        lines.append(f"{prefix}{i:06d},Rahman{i},Kamal,1980-01-{1 + i % 28:02d},BGD,M,BA-{i:07d}\n")
    return "".join(lines).encode()


@dataclass
class TrialResult:
    """What one kill did and what the registry held afterwards.

    `interrupted_status` is the HTTP status the killed upload got (0: none) or the exit
    code of the killed import (-9, or 0 when it had finished first).
    """

    trial: int
    delay_seconds: float
    interrupted_status: int
    committed_before_kill: bool
    consistent: bool
    retry_status: int
    retry_ok: bool


def _tables_with_submission_id() -> list[Any]:
    return [t for t in Base.metadata.sorted_tables if "submission_id" in t.c]


def _trace(session: Session, prefix: str, sha256: str) -> tuple[int, int, int]:
    """(submissions of the file, personnel rows with the prefix, rows in any table)."""
    ids = list(session.scalars(select(Submission.id).where(Submission.file_sha256 == sha256)))
    records = session.scalar(
        select(func.count())
        .select_from(PersonnelRecord)
        .where(PersonnelRecord.record_id.like(f"{prefix}%"))
    )
    linked = (
        sum(
            int(
                session.scalar(
                    select(func.count()).select_from(t).where(t.c.submission_id.in_(ids))
                )
                or 0
            )
            for t in _tables_with_submission_id()
        )
        if ids
        else 0
    )
    return len(ids), int(records or 0), linked


def _submit(stack: Stack, token: str, data: bytes, timeout: float = 300) -> Answer:
    url = f"{stack.service.base_url}/v1/submissions/personnel"
    return call("POST", url, token=token, body=data, content_type="text/csv", timeout=timeout)


def _upload(stack: Stack, token: str, data: bytes, result: list[Answer]) -> None:
    result.append(_submit(stack, token, data, timeout=120))


def _worker_pid(stack: Stack, timeout: float = 60.0) -> int:
    """The single request worker, once gunicorn has (re)started it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = stack.service.worker_pids()
        if len(pids) == 1:
            return pids[0]
        time.sleep(0.1)
    raise TimeoutError("gunicorn did not start a worker")


def _calibrate(stack: Stack, token: str, rows: int) -> float:
    data = personnel_file("CAL-", rows)
    answer = _submit(stack, token, data)
    if answer.status != 201:
        raise RuntimeError(f"calibration upload answered {answer.status}: {answer.body[:300]!r}")
    return answer.seconds


def _one_trial(stack: Stack, token: str, trial: int, rows: int, window: float) -> TrialResult:
    prefix = f"KILL{trial:03d}-"
    data = personnel_file(prefix, rows)
    sha = hashlib.sha256(data).hexdigest()
    pid = _worker_pid(stack)
    stack.service.wait_healthy()
    answers: list[Answer] = []
    uploader = threading.Thread(target=_upload, args=(stack, token, data, answers))
    delay = random.uniform(0.0, window)
    uploader.start()
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    uploader.join(timeout=180)
    with session_factory(stack.database_url)() as session:
        submissions, records, linked = _trace(session, prefix, sha)
    committed = submissions == 1
    consistent = (submissions, records, linked) == (0, 0, 0) or (committed and records == rows)
    _worker_pid(stack)
    stack.service.wait_healthy()
    retry = _submit(stack, token, data)
    with session_factory(stack.database_url)() as session:
        after = _trace(session, prefix, sha)
    # A retry of an upload that had committed is answered "unchanged" (200), not 201.
    retry_ok = retry.status in {200, 201} and after[0] >= 1 and after[1] == rows
    return TrialResult(
        trial,
        round(delay, 3),
        answers[0].status if answers else -1,
        committed,
        consistent,
        retry.status,
        retry_ok,
    )


def _run_trials(
    label: str, trials: int, one_trial: Callable[[int], TrialResult]
) -> list[TrialResult]:
    """Run `one_trial` for each trial number, printing each result as it comes."""
    results = []
    for trial in range(trials):
        result = one_trial(trial)
        results.append(result)
        print(f"  {label} {trial:2d}: {asdict(result)}", flush=True)
    return results


def worker_kill_trials(stack: Stack, trials: int, rows: int, seed: int = 8) -> list[TrialResult]:
    """Kill the upload's gunicorn worker `trials` times at random moments, retry each."""
    random.seed(seed)
    token = stack.token("submitter", "BGD")
    duration = _calibrate(stack, token, rows)
    # Within the upload's own time, so (almost) every kill interrupts it.
    window = duration * 0.9
    return _run_trials("worker kill", trials, lambda t: _one_trial(stack, token, t, rows, window))


# The intake path of `vetreg import`, announcing when the start-up is over.
IMPORT_DRIVER = """
import sys
from registry.db import session_factory
from registry.intake import import_file
print("start", flush=True)
with session_factory(sys.argv[1])() as session:
    import_file(session, "personnel", sys.argv[2], org_code="BGD", submitted_by="kill-trial")
"""


def _start_import(database_url: str, path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT_DRIVER, database_url, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "start":
        raise RuntimeError("the import driver did not start")
    return process


def _timed_import(database_url: str, path: Path) -> tuple[int, float]:
    """Run an import to its end: (exit code, seconds after start-up)."""
    process = _start_import(database_url, path)
    started = time.perf_counter()
    code = process.wait(timeout=600)
    return code, time.perf_counter() - started


def _one_import_trial(stack: Stack, trial: int, rows: int, window: float, tmp: Path) -> TrialResult:
    prefix = f"IMPK{trial:03d}-"
    data = personnel_file(prefix, rows)
    path = tmp / f"{prefix}.csv"
    path.write_bytes(data)
    process = _start_import(stack.database_url, path)
    delay = random.uniform(0.0, window)
    time.sleep(delay)
    process.kill()
    code = process.wait(timeout=60)
    with session_factory(stack.database_url)() as session:
        submissions, records, linked = _trace(session, prefix, hashlib.sha256(data).hexdigest())
    committed = submissions == 1
    consistent = (submissions, records, linked) == (0, 0, 0) or (committed and records == rows)
    retry_code, _ = _timed_import(stack.database_url, path)
    with session_factory(stack.database_url)() as session:
        after = _trace(session, prefix, hashlib.sha256(data).hexdigest())
    retry_ok = retry_code == 0 and after[0] >= 1 and after[1] == rows
    return TrialResult(trial, round(delay, 3), code, committed, consistent, retry_code, retry_ok)


def _calibrate_import(stack: Stack, tmp: Path, prefix: str, rows: int) -> float:
    path = tmp / f"{prefix}.csv"
    path.write_bytes(personnel_file(prefix, rows))
    code, seconds = _timed_import(stack.database_url, path)
    if code != 0:
        raise RuntimeError(f"the calibration import exited {code}")
    return seconds


def import_kill_trials(stack: Stack, trials: int, rows: int, seed: int = 8) -> list[TrialResult]:
    """Kill an intake process `trials` times at random moments of its write, retry each."""
    random.seed(seed)
    with tempfile.TemporaryDirectory(prefix="vetreg-kill-") as directory:
        tmp = Path(directory)
        duration = min(_calibrate_import(stack, tmp, f"CALI{i}-", rows) for i in range(2))
        # Within the import's own time, so (almost) every kill interrupts it.
        window = duration * 0.9
        print(f"  an import of {rows} rows takes {duration:.2f} s after start-up", flush=True)
        return _run_trials(
            "import kill", trials, lambda t: _one_import_trial(stack, t, rows, window, tmp)
        )
