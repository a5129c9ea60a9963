"""Row-wise vs vectorised scoring of one vetting check: 1 query x N candidates.

    python -m scripts.bench.pairwise_bench [--people 2000] [--candidates 200]
                                           [--queries 5] [--repeats 50] [--seed 3]

Generates a demo data set (the registry), normalises it, and for a few queries takes
their blocked partners topped up with random records as the candidates. Prints the
median time of prepare_one over the candidates, of score_against on prepared
candidates, and of the vectorised prepare_records + score_pairs on the same frame.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkage import (
    DEFAULT_MODEL,
    candidate_pairs,
    frequency_tables,
    normalise_records,
    prepare_one,
    prepare_records,
    score_against,
    score_pairs,
)
from linkage import columns as c


def _median_ms(func: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def _registry(people: int, seed: int) -> pd.DataFrame:
    from scripts.demo_data import generate

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate(out, people, seed=seed)
        raw = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                         for p in sorted(out.glob("*/personnel.csv"))], ignore_index=True)
    return normalise_records(raw)


def blocked_partners(frame: pd.DataFrame) -> dict[int, list[int]]:
    """Per record position: the positions blocking pairs it with (what a check retrieves)."""
    pairs = candidate_pairs(frame).pairs
    partners: dict[int, list[int]] = {}
    for left, right in zip(pairs[c.LEFT].tolist(), pairs[c.RIGHT].tolist(), strict=True):
        partners.setdefault(left, []).append(right)
        partners.setdefault(right, []).append(left)
    return partners


def _groups(frame: pd.DataFrame, queries: int, size: int, seed: int) -> list[list[int]]:
    """[query, *candidates]: the query's blocked partners, topped up with random records."""
    partners = blocked_partners(frame)
    rng = np.random.default_rng(seed)
    groups = []
    for query in rng.choice(sorted(partners), size=queries, replace=False).tolist():
        candidates = list(dict.fromkeys(partners[query]))[:size]
        for k in rng.permutation(len(frame)).tolist():
            if len(candidates) >= size:
                break
            if k != query and k not in candidates:
                candidates.append(k)
        groups.append([query, *candidates])
    return groups


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.pairwise_bench")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--queries", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)

    frame = _registry(args.people, args.seed)
    tables = frequency_tables(prepare_records(frame))
    model = DEFAULT_MODEL
    rows = [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]
    print(f"registry: {len(frame):,} records; {args.candidates} candidates per query, "
          f"median of {args.repeats} repeats (ms)")

    start = time.perf_counter()
    query = prepare_one(rows[0])
    score_against(query, [prepare_one(rows[1])], model, tables=tables)
    print(f"first call with these tables (builds their frequency dicts): "
          f"{(time.perf_counter() - start) * 1000:.1f} ms")

    figures: list[tuple[float, float, float]] = []
    print(f"{'query':>6} {'prepare_one x N':>16} {'score_against':>14} "
          f"{'vectorised':>11} {'ratio':>7}")
    for group in _groups(frame, args.queries, args.candidates, args.seed):
        group_rows = [rows[k] for k in group]
        prepared = [prepare_one(r) for r in group_rows]
        sub = frame.iloc[group].reset_index(drop=True)
        pairs = pd.DataFrame({c.LEFT: np.zeros(len(group) - 1, dtype=np.int64),
                              c.RIGHT: np.arange(1, len(group), dtype=np.int64)})

        def prepare(batch: list[dict[str, Any]] = group_rows) -> None:
            for row in batch[1:]:
                prepare_one(row)

        def rowwise(ready: list[Any] = prepared) -> None:
            score_against(ready[0], ready[1:], model, tables=tables)

        def vectorised(sub: pd.DataFrame = sub, pairs: pd.DataFrame = pairs) -> None:
            score_pairs(prepare_records(sub), pairs, model, tables=tables, explain=True)

        timing = (_median_ms(prepare, args.repeats), _median_ms(rowwise, args.repeats),
                  _median_ms(vectorised, max(args.repeats // 5, 3)))
        figures.append(timing)
        print(f"{group[0]:>6} {timing[0]:>16.3f} {timing[1]:>14.3f} {timing[2]:>11.2f} "
              f"{timing[2] / timing[1]:>6.1f}x")
    prep, row, vec = (statistics.median(f[i] for f in figures) for i in range(3))
    print(f"{'median':>6} {prep:>16.3f} {row:>14.3f} {vec:>11.2f} {vec / row:>6.1f}x")
    print(f"prepare_one + score_against: {prep + row:.3f} ms vs vectorised {vec:.2f} ms "
          f"({vec / (prep + row):.1f}x)")


if __name__ == "__main__":
    main()
