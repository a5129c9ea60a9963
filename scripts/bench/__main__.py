"""`python -m scripts.bench`: FEBRL4 and generated sets through the engine, Splink, recordlinkage.

    python -m scripts.bench [--sizes 20000,100000,1000000] [--skip-splink-above N]
                            [--rl-max N] [--completeness-max N] [--seed S] [--out bench-out]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from pathlib import Path

import pandas as pd

from scripts.bench import datasets, report
from scripts.bench.linkage_bench import TOOLS, Row, run
from scripts.bench.metrics import Truth


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m scripts.bench",
                                     description="Linkage benchmark: engine vs Splink 5.")
    parser.add_argument("--sizes", default="20000,100000,1000000",
                        help="generated set sizes in records, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-splink-above", type=int, default=100_000,
                        help="run Splink only on sets of at most this many records")
    parser.add_argument("--rl-max", type=int, default=20_000,
                        help="run recordlinkage only on sets of at most this many records")
    parser.add_argument("--completeness-max", type=int, default=100_000,
                        help="measure blocking pair completeness up to this many records")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds before a tool's run is killed and reported as failed")
    parser.add_argument("--no-febrl", action="store_true", help="skip FEBRL4")
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    return parser.parse_args(argv)


def wanted(name: str, size: int, args: argparse.Namespace) -> bool:
    """Whether tool `name` runs on a set of nominal size `size`."""
    limits = {"splink": args.skip_splink_above, "recordlinkage": args.rl_max}
    return name in args.tools.split(",") and size <= limits.get(name, size)


def bench(dataset: datasets.Dataset, args: argparse.Namespace) -> list[Row]:
    """Every wanted tool over one dataset."""
    print(f"\n{dataset.name}: {dataset.records:,} records in {len(dataset.files)} files "
          f"({dataset.command})", flush=True)
    truth = Truth.from_frame(pd.read_csv(dataset.truth, dtype=str, keep_default_na=False))
    slug = dataset.name.replace(" ", "-").replace(",", "").lower()
    return [run(tool, dataset, truth, args.out / "runs" / slug / name,
                completeness=dataset.size <= args.completeness_max, timeout=args.timeout)
            for name, tool in TOOLS.items() if wanted(name, dataset.size, args)]


def commit() -> str:
    """The checked-out commit, so that figures can be tied to the code that produced them."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> None:
    """Generate or reuse the data, run the tools, print and write the tables."""
    args = parse(argv)
    start = time.perf_counter()
    data = args.out / "data"
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, commit {commit()}")
    sets = [] if args.no_febrl else [datasets.febrl4(data)]
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rows: list[Row] = []
    for dataset in sets:
        rows += bench(dataset, args)
    for size in sizes:
        rows += bench(datasets.generated(data, size, args.seed), args)
    print()
    report.write(rows, args.out)
    print(f"\n{time.perf_counter() - start:.0f} s in all; tables in {args.out}/results.md")


if __name__ == "__main__":
    main()
