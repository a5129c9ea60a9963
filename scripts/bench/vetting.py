"""Vetting benchmark: single checks in process, checks over HTTP, and a roster screening.

    .venv/bin/python -m scripts.bench.vetting --people 100000
    .venv/bin/python -m scripts.bench.vetting --people 745000 --keep      # about 1M records
    .venv/bin/python -m scripts.bench.vetting --database-url URL          # reuse a registry

A registry of generated people (`vetreg demo-data`; about 1.34 records per person) is
imported through intake into a throwaway PostgreSQL database (or SQLite with
`--backend sqlite`), indexed for retrieval, and its scoring model trained on it as a
link run trains it (or linked, which does both, with `--link`). Then:

1. in process: `run_check` for each of `--queries` queries, after a warm-up, one
   session per check as the API opens one per request; p50/p95/p99;
2. over HTTP: gunicorn with api/gunicorn_conf.py, `--clients` closed-loop keep-alive
   clients posting `/v1/checks` for `--http-seconds`; checks/s, p50/p95/p99, errors;
3. a roster of `--roster` rows through `vetreg screen ROSTER.csv --out RESULTS.csv`,
   end to end in its own process.

Queries are registry records with 0-2 variations (a typo, year-only date, identifiers
left out, the name in one field) and, for `--unseen` of them, people the registry
has never seen. CPU seconds are printed beside wall times: the machine may be shared.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from registry.config import Settings, load_settings
from registry.db import dispose_engines, session_factory
from registry.linking.run import MIN_RECORDS_TO_TRAIN
from registry.schema import migrate
from scripts.bench import vetting_data as data
from scripts.bench import vetting_http as http

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ORG = "UNMISS"  # the mission HR office asking; it owns none of the registry's records
WARM_UP = 50
HTTP_QUERIES = 2_000  # distinct bodies the HTTP clients cycle through


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench.vetting",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--people", type=int, default=100_000, help="generated people (records ~1.34x)")
    add("--seed", type=int, default=1)
    add("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    add("--database-url", help="use this registry (built first when it is empty)")
    add("--pg-admin-url", default=PG_ADMIN_URL, help="where throwaway databases are made")
    add("--keep", action="store_true", help="keep the throwaway database and print its URL")
    add("--link", action="store_true", help="link the registry (persons) instead of only indexing")
    add("--data-dir", type=Path, default=Path("bench-out/vetting"), help="generated data cache")
    add("--queries", type=int, default=2_000, help="in-process checks measured (0 skips)")
    add("--unseen", type=float, default=0.3, help="share of queries for unseen people")
    add("--http-seconds", type=float, default=30.0, help="0 skips the HTTP run")
    add("--clients", type=int, default=8, help="concurrent HTTP clients")
    add("--workers", type=int, help="gunicorn workers (default: api/gunicorn_conf.py's)")
    add("--threads", type=int, help="threads per worker (default: api/gunicorn_conf.py's)")
    add("--roster", type=int, default=10_000, help="roster rows screened (0 skips)")
    return parser.parse_args(argv)


@contextmanager
def registry_url(args: argparse.Namespace, workdir: Path) -> Iterator[str]:
    """The database to benchmark: given, or a throwaway one (dropped unless --keep)."""
    if args.database_url:
        yield args.database_url
        return
    if args.backend == "sqlite":
        path = (args.data_dir / f"registry-{uuid.uuid4().hex[:8]}.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{path}"
        if not args.keep:
            path.unlink(missing_ok=True)
        return
    name = f"vetreg_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.pg_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        dispose_engines()
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build(settings: Settings, args: argparse.Namespace) -> None:
    """Import and index (or link) the generated registry unless it already holds records,
    and train its scoring model unless one is stored, where a link run would train one."""
    migrate(settings.database_url)
    records = data.registry_size(settings.database_url)
    if records:
        print(f"registry: reusing {records:,} current records")
    else:
        out, manifest = data.generated(args.data_dir, args.people, args.seed)
        cpu = time.process_time()
        imported = data.import_registry(settings, out, manifest)
        prepared = data.link_registry(settings) if args.link else data.index_registry(settings)
        data.analyse(settings)
        step, cpu = "linked" if args.link else "indexed", time.process_time() - cpu
        print(
            f"registry: {manifest['records']:,} records of {args.people:,} people; imported in "
            f"{imported:.1f} s, {step} in {prepared:.1f} s (bench CPU {cpu:.1f} s)"
        )
        records = int(manifest["records"])
    if data.has_model(settings):
        return
    if records < MIN_RECORDS_TO_TRAIN:
        print("registry: too few records to train a model; checks use the default model")
        return
    print(f"registry: model trained on its records in {data.train_model(settings):.1f} s")


def percentiles(values: Sequence[float]) -> str:
    """p50 / p95 / p99 / max of latencies in ms."""
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms  max {max(values):.1f} ms"


def _rss_mib() -> float:
    """This process's resident memory now, in MiB (from /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def in_process(settings: Settings, queries: list[data.Query]) -> None:
    """Time run_check over the queries (after a warm-up), one session per check."""
    from registry.vetting import run_check
    from registry.vetting.collector import settle_collector
    from registry.vetting.key_index import kept_keys
    from registry.vetting.resident import load_registry

    factory = session_factory(settings.database_url)

    def check(query: data.Query) -> str:
        with factory() as session:
            answer = run_check(session, settings, "bench@" + ORG, ORG, query)
        return str(answer["outcome"])

    load_started, rss_before = time.perf_counter(), _rss_mib()
    kept = load_registry(settings)  # as each gunicorn worker does when it starts
    loaded, grown = time.perf_counter() - load_started, _rss_mib() - rss_before
    print(
        f"in process: {kept:,} candidates kept prepared and {kept_keys():,} retrieval keys kept"
        f" in {loaded:.1f} s (+{grown:,.0f} MiB)"
    )
    for query in queries[:WARM_UP]:
        check(query)
    settle_collector()  # as a gunicorn worker does once warmed up (api/gunicorn_conf.py)
    latencies, outcomes = [], Counter[str]()
    cpu, started = time.process_time(), time.perf_counter()
    for query in queries:
        begin = time.perf_counter()
        outcomes[check(query)] += 1
        latencies.append((time.perf_counter() - begin) * 1000)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"in process: {len(queries):,} checks in {wall:.1f} s (CPU {cpu:.1f} s)")
    print(f"  {percentiles(latencies)}")
    print(f"  outcomes: {dict(sorted(outcomes.items()))}")


def over_http(settings: Settings, args: argparse.Namespace, queries: list[data.Query]) -> None:
    """Checks/s and latency over HTTP against gunicorn."""
    from api.auth import issue_token
    from api.keys import ensure_signing_keys

    ensure_signing_keys(settings)
    token = issue_token(settings, sub="bench@" + ORG, org=ORG, roles=["vetting"], ttl_seconds=3600)
    port = http.free_port()
    log = args.data_dir / "gunicorn.log"
    server = http.start_server(
        settings.database_url, settings.var_dir, port, args.workers, args.threads, log
    )
    try:
        http.run_load(server, port, token, queries[:200], args.clients, 5.0)  # warm-up
        result = http.run_load(server, port, token, queries, args.clients, args.http_seconds)
    finally:
        http.stop_server(server)
    done = len(result.latencies_ms)
    print(
        f"over HTTP: gunicorn {args.workers or 'default'} workers x "
        f"{args.threads or 'default'} threads, "
        f"{args.clients} clients, {result.seconds:.0f} s: {done / result.seconds:.0f} checks/s, "
        f"{result.errors} errors (server CPU {result.server_cpu_s:.1f} s, "
        f"client CPU {result.client_cpu_s:.1f} s)"
    )
    print(f"  {percentiles(result.latencies_ms)}")
    if result.errors:
        print(f"  answers: {dict(result.statuses)}; see {log}")


def roster(settings: Settings, queries: list[data.Query], workdir: Path) -> None:
    """`vetreg screen` of a roster made of the queries, end to end in a child process."""
    path, out = workdir / "roster.csv", workdir / "results.csv"
    data.write_roster(path, queries)
    env = {**os.environ, "DATABASE_URL": settings.database_url, "VETREG_VAR_DIR": str(workdir)}
    vetreg = str(Path(sys.executable).parent / "vetreg")
    command = [vetreg, "screen", str(path), "--out", str(out), "--org", ORG]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"vetreg screen failed:\n{done.stderr[-2000:]}")
    summary = done.stderr.strip().splitlines()[-1]
    print(f"roster: {len(queries):,} rows in {wall:.1f} s end to end (CPU {cpu:.1f} s)")
    print(f"  {summary}")


def main(argv: Sequence[str] | None = None) -> None:
    """Build or reuse the registry, then measure checks in process, over HTTP, and a roster."""
    args = parse(argv)
    logging.basicConfig(level=logging.WARNING)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    )
    with (
        tempfile.TemporaryDirectory(prefix="vetreg-vetting-") as tmp,
        registry_url(args, Path(tmp)) as url,
    ):
        workdir = Path(tmp)
        settings = load_settings().with_overrides({"database_url": url, "var_dir": workdir})
        args.data_dir.mkdir(parents=True, exist_ok=True)
        build(settings, args)
        out, manifest = data.generated(args.data_dir, args.people, args.seed)
        unseen_out, unseen_manifest = data.generated(
            args.data_dir, 5_000, args.seed + data.UNSEEN_SEED_OFFSET
        )
        wanted = max(args.queries, args.roster, HTTP_QUERIES)
        known = data.reservoir(data.personnel_rows(out, manifest), wanted, args.seed)
        unseen = list(data.personnel_rows(unseen_out, unseen_manifest))
        pool = max(args.queries, HTTP_QUERIES)
        queries = data.sample_queries(known, unseen, pool, args.seed, args.unseen)
        if args.queries > 0:
            in_process(settings, queries[: args.queries])
        if args.http_seconds > 0:
            over_http(settings, args, queries)
        if args.roster > 0:
            rows = data.sample_queries(known, unseen, args.roster, args.seed + 1, args.unseen)
            roster(settings, rows, workdir)
        if args.keep and not args.database_url:
            print(f"kept registry: --database-url {url}")


if __name__ == "__main__":
    main()
