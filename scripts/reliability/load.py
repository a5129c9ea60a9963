"""`make load`: a mixed load on the production stack for a fixed time; prints the figures.

    python -m scripts.reliability.load --duration 300

gunicorn (api/gunicorn_conf.py), PostgreSQL and Redis run privately on loopback; the
registry is filled with `vetreg demo` (demo-data, intake, linking) before the clock starts.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from registry.db import session_factory
from registry.models import Job
from scripts.reliability.load_report import markdown_table, read_stats
from scripts.reliability.server import BIN, ROOT
from scripts.reliability.stack import Stack, running_stack

CHECK_FIELDS = (
    "family_name",
    "given_names",
    "full_name",
    "date_of_birth",
    "nationality",
    "sex",
    "service_number",
    "passport_number",
)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--users", type=int, default=10, help="concurrent simulated users")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="users started per second")
    parser.add_argument("--people", type=int, default=1000, help="demo people in the registry")
    parser.add_argument("--roster-rows", type=int, default=200, help="rows per screening")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--job-workers", type=int, default=2, help="`vetreg worker` processes")
    parser.add_argument("--out", type=Path, default=Path("bench-out/load"))
    return parser.parse_args()


def _demo_personnel(stack: Stack) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((stack.work_dir / "var" / "demo").glob("*/personnel.csv")):
        with path.open(encoding="utf-8", newline="") as source:
            rows.extend(csv.DictReader(source))
    return rows


def _write_load_data(stack: Stack, out: Path, roster_rows: int) -> None:
    """checks.jsonl (known and unseen people) and roster.csv for the locustfile."""
    rng = random.Random(8)
    people = _demo_personnel(stack)
    queries = [{k: v for k, v in row.items() if k in CHECK_FIELDS and v} for row in people]
    unseen = [
        {"family_name": f"Unseen{i}", "given_names": "Nobody", "nationality": "NPL"}
        for i in range(len(queries) // 4)
    ]
    with (out / "checks.jsonl").open("w", encoding="utf-8") as sink:
        for query in [*queries, *unseen]:
            sink.write(json.dumps(query, ensure_ascii=False) + "\n")
    roster = rng.sample(people, min(roster_rows, len(people)))
    with (out / "roster.csv").open("w", encoding="utf-8", newline="") as sink:
        writer = csv.DictWriter(sink, fieldnames=["record_id", *CHECK_FIELDS])
        writer.writeheader()
        for i, row in enumerate(roster):
            writer.writerow({"record_id": f"R{i:05d}", **{k: row[k] for k in CHECK_FIELDS}})


def _run_locust(stack: Stack, args: argparse.Namespace) -> None:
    env = {
        **stack.env,
        "VETREG_LOAD_DATA_DIR": str(args.out.resolve()),
        "VETREG_LOAD_VETTING_TOKEN": stack.token("vetting", "UNMISS"),
        "VETREG_LOAD_SUBMITTER_TOKEN": stack.token("submitter", "BGD"),
    }
    command = [
        str(BIN / "locust"),
        "-f",
        "scripts/reliability/locustfile.py",
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.duration}s",
        "--stop-timeout",
        "5",
        "--host",
        stack.service.base_url,
        "--csv",
        str(args.out / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with (args.out / "locust.log").open("w", encoding="utf-8") as log:
        # locust exits 1 when any request failed; the figures say how many.
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _jobs_by_status(stack: Stack, settle_seconds: float = 300) -> dict[str, int]:
    """Job states once queued work has drained (or `settle_seconds` passed)."""
    factory = session_factory(stack.database_url)
    deadline = time.monotonic() + settle_seconds
    while True:
        with factory() as session:
            rows = session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
        counts = {status: int(n) for status, n in rows}
        if not counts.get("queued") and not counts.get("running"):
            return counts
        if time.monotonic() > deadline:
            return counts
        time.sleep(2)


def main() -> None:
    """Run the load and print the figures."""
    args = _arguments()
    args.out.mkdir(parents=True, exist_ok=True)
    limits = {
        "VETREG_RATE_LIMIT_PER_MINUTE": "1000000",
        "VETREG_RATE_LIMIT_ORG_PER_MINUTE": "1000000",
    }
    started = time.monotonic()
    with running_stack(
        work_dir=args.out / "run",
        workers=args.workers,
        threads=args.threads,
        job_workers=args.job_workers,
        demo_people=args.people,
        extra_env=limits,
    ) as stack:
        print(f"registry loaded in {time.monotonic() - started:.0f} s; load for {args.duration} s")
        _write_load_data(stack, args.out, args.roster_rows)
        _run_locust(stack, args)
        jobs = _jobs_by_status(stack)
    figures = read_stats(args.out / "locust_stats.csv")
    summary: dict[str, Any] = {
        "arguments": {k: str(v) for k, v in vars(args).items()},
        "figures": [f.as_dict() for f in figures],
        "jobs_after_drain": jobs,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(markdown_table(figures))
    print(f"jobs after the run: {jobs}")
    failed = sum(f.failures for f in figures if f.name == "Aggregated")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
