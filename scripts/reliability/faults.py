"""`make faults`: kill -9 during submissions, PostgreSQL restarted under load, Redis outages.

    python -m scripts.reliability.faults --trials 50

Everything runs on a private PostgreSQL cluster, Redis server and gunicorn on loopback
ports; prints each verdict and writes them all to OUT/faults.json. Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from scripts.reliability.database_restart import restart_under_load
from scripts.reliability.kill_trials import TrialResult, import_kill_trials, worker_kill_trials
from scripts.reliability.redis_outage import redis_outages
from scripts.reliability.stack import running_stack


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50, help="kills of an intake process")
    parser.add_argument("--worker-trials", type=int, default=5, help="kills of a gunicorn worker")
    parser.add_argument("--rows", type=int, default=20_000, help="rows per killed submission")
    parser.add_argument("--people", type=int, default=200, help="demo people in the registry")
    parser.add_argument("--out", type=Path, default=Path("bench-out/faults"))
    return parser.parse_args()


def _kill_summary(results: list[TrialResult]) -> dict[str, Any]:
    return {
        "trials": len(results),
        "committed_before_kill": sum(r.committed_before_kill for r in results),
        "nothing_written": sum(not r.committed_before_kill for r in results),
        "inconsistent": sum(not r.consistent for r in results),
        "retry_failed": sum(not r.retry_ok for r in results),
        "exit_codes": dict(Counter(str(r.interrupted_status) for r in results)),
        "results": [asdict(r) for r in results],
    }


def main() -> None:
    """Run every fault and print the verdicts."""
    args = _arguments()
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"arguments": {k: str(v) for k, v in vars(args).items()}}
    started = time.monotonic()
    # One request worker, so a kill always hits the process handling the upload.
    with running_stack(
        work_dir=args.out / "run", workers=1, threads=4, job_workers=1, demo_people=args.people
    ) as stack:
        print(f"stack ready in {time.monotonic() - started:.0f} s", flush=True)
        # Outages first, while the registry is small: the kill trials add rows by the
        # hundred thousand, and the link jobs they start would keep the queue busy.
        print("(c) Redis outages", flush=True)
        cases = redis_outages(stack)
        report["redis"] = [{**asdict(c), "passed": c.passed} for c in cases]
        print("(b) PostgreSQL restarted under load", flush=True)
        restart = restart_under_load(stack)
        report["database_restart"] = restart.as_dict()
        print(f"  {json.dumps(restart.as_dict())}", flush=True)
        print("(a) kill -9 during a submission", flush=True)
        report["import_kills"] = _kill_summary(import_kill_trials(stack, args.trials, args.rows))
        report["worker_kills"] = _kill_summary(
            worker_kill_trials(stack, args.worker_trials, args.rows // 4)
        )
    (args.out / "faults.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    failed = [
        report["import_kills"]["inconsistent"] + report["import_kills"]["retry_failed"],
        report["worker_kills"]["inconsistent"] + report["worker_kills"]["retry_failed"],
        0 if restart.passed else 1,
        sum(not c.passed for c in cases),
    ]
    print(f"faults done in {time.monotonic() - started:.0f} s; failures per part: {failed}")
    sys.exit(1 if any(failed) else 0)


if __name__ == "__main__":
    main()
