"""The engine's candidate pairs for the benchmark's pair-completeness figure (not timed).

`vetreg link` reports blocking counts but not the pairs themselves, so this probe reruns
only normalisation and blocking, with the defaults `vetreg link` uses, and scores the
candidates with the shared evaluation:

    python -m scripts.bench.engine_blocking FILE... --truth TRUTH --out DIR
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from linkage import DEFAULT_CONFIG, candidate_pairs, normalise_records
from linkage import columns as c
from scripts.bench.metrics import Truth, pair_completeness


def read_inputs(paths: list[Path]) -> pd.DataFrame:
    """The inputs as `vetreg link` reads them: strings, unknown columns dropped."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
              for p in paths]
    records = pd.concat(frames, ignore_index=True)
    return records.loc[:, [k for k in records.columns if k in c.PERSONNEL_COLUMNS]]


def main(argv: list[str] | None = None) -> None:
    """Write OUT/blocking.json: candidate pair count and pair completeness."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    frame = normalise_records(read_inputs(args.files))
    blocking = candidate_pairs(frame, DEFAULT_CONFIG.rules, max_bucket=DEFAULT_CONFIG.max_bucket)
    ids = frame[c.RECORD_ID].astype(str).to_numpy(dtype=object)
    left = pd.Series(ids[blocking.pairs[c.LEFT].to_numpy()])
    right = pd.Series(ids[blocking.pairs[c.RIGHT].to_numpy()])
    truth = Truth.from_frame(pd.read_csv(args.truth, dtype=str, keep_default_na=False))
    result = {"candidate_pairs": len(left), "pair_completeness": pair_completeness(
        truth, left, right)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "blocking.json").write_text(json.dumps(result) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
