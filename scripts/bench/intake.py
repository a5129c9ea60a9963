"""Intake benchmark: import N generated personnel rows into SQLite and PostgreSQL.

    .venv/bin/python -m scripts.bench.intake --rows 1000000

Each database runs in its own child process so that its peak RSS is its own; each
imports the file into an empty registry, then imports it again (every row unchanged).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HEADER = (
    "record_id,family_name,given_names,full_name,aliases,date_of_birth,place_of_birth,"
    "nationality,sex,service_number,passport_number,national_id,rank,unit,personnel_category"
)
FAMILY = [
    "Karim",
    "Rahman",
    "Hossain",
    "Okafor",
    "Diallo",
    "Silva",
    "Ivanenko",
    "Ngugi",
    "Traoré",
    "Nguyễn",
    "Müller",
    "González",
    "Иванов",
    "محمد",
    "王",
    "Haddad",
]
GIVEN = ["Abdul", "Fatima", "Jean Paul", "Amina", "Olena", "José", "Mei", "Kwame", "Ana", "Li"]
NATIONS = ["BGD", "NPL", "PAK", "IND", "RWA", "GHA", "SEN", "URY", "UKR", "CHN", "EGY", "JOR"]
RANKS = ["Private", "Corporal", "Sergeant", "Captain", "Major", "Inspector", ""]
CATEGORY = ["military", "police", "civilian", "contractor"]
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write `rows` plausible personnel rows to `path`."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i in range(rows):
            nation = rng.choice(NATIONS)
            dob = f"{rng.randint(1960, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(
                f"P{i:08d},{rng.choice(FAMILY)},{rng.choice(GIVEN)},,,{dob},,{nation},"
                f"{rng.choice('FM')},SN{rng.randrange(10**7):07d},{nation[0]}{rng.randrange(10**8):08d},"
                f",{rng.choice(RANKS)},Battalion {rng.randint(1, 40)},{rng.choice(CATEGORY)}\n"
            )


def _child(url: str, path: str) -> dict[str, Any]:
    """Import `path` twice into the database at `url`; timings and peak RSS."""
    from registry.db import session_factory
    from registry.intake import import_file
    from registry.schema import migrate

    migrate(url)
    results: dict[str, Any] = {}
    for run in ("first", "again"):
        with session_factory(url)() as session:
            start = time.perf_counter()
            report = import_file(session, "personnel", path, org_code="BGD", submitted_by="bench")
            results[run] = {
                "seconds": time.perf_counter() - start,
                "status": report.status,
                "rows": report.rows_total,
                "created": report.rows_created,
            }
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _pg_database(admin_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"vetreg_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_pg(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _run_child(url: str, path: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "scripts.bench.intake", "--child", url, str(path)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def _bench(backend: str, path: Path, workdir: Path, pg_admin: str) -> dict[str, Any]:
    if backend == "sqlite":
        return _run_child(f"sqlite:///{workdir / 'bench.sqlite3'}", path)
    name, url = _pg_database(pg_admin)
    try:
        return _run_child(url, path)
    finally:
        _drop_pg(pg_admin, name)


def _report(backend: str, result: dict[str, Any]) -> None:
    first, again = result["first"], result["again"]
    print(
        f"{backend:<11} rows={first['rows']:>9,} wall={first['seconds']:7.1f}s "
        f"rate={first['rows'] / first['seconds']:>9,.0f} rows/s  "
        f"re-import(unchanged)={again['seconds']:6.1f}s  peak RSS={result['peak_rss_mb']:.0f} MB"
    )


def main(argv: list[str] | None = None) -> None:
    """Generate (or take) a personnel file and time its import on each database."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--file", type=Path, help="import this personnel file instead")
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    with tempfile.TemporaryDirectory(prefix="vetreg-bench-") as tmp:
        workdir = Path(tmp)
        path = args.file or workdir / "personnel.csv"
        if args.file is None:
            start = time.perf_counter()
            generate(path, args.rows)
            print(f"generated {args.rows:,} rows in {time.perf_counter() - start:.1f}s: {path}")
        for backend in args.backends.split(","):
            _report(backend, _bench(backend, path, workdir, args.pg_admin_url))


if __name__ == "__main__":
    main()
