"""Why the engine misses true pairs: not blocked, or blocked but scored below the link band.

    python -m scripts.bench.engine_misses FILE... --truth TRUTH [--out misses.csv] [--show N]

Runs the engine as `vetreg link` does (defaults), then scores *every* true pair with the
trained model, blocked or not, and classifies each true pair that is not linked:
`unblocked` (no candidate pair), `review` or `below review` (blocked, scored too low), by
the feature levels that held it back. Not timed; a diagnosis aid, not a benchmark figure.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from linkage import DEFAULT_CONFIG, candidate_pairs, link_normalised, normalise_records
from linkage import columns as c
from linkage.features import prepare_records
from linkage.scoring import frequency_tables, level_column, score_pairs, weight_column
from scripts.bench.engine_blocking import read_inputs

SHOWN = (c.NAME_DISPLAY, c.NAME_TOKENS, c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY, c.NATIONALITY_N,
         c.PLACE_N, c.PASSPORT_N, c.NATIONAL_ID_N, c.SERVICE_N)


def true_pairs(frame: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Every pair of positions whose records truth gives one person (LEFT < RIGHT)."""
    person = frame[c.RECORD_ID].astype(str).map(
        truth.set_index("record_id")["person_id"].astype(str))
    groups = pd.Series(np.arange(len(frame))).groupby(person.to_numpy()).agg(list)
    left, right = [], []
    for members in groups:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                left.append(a)
                right.append(b)
    return pd.DataFrame({c.LEFT: np.array(left, dtype=np.int32),
                         c.RIGHT: np.array(right, dtype=np.int32)})


def main(argv: list[str] | None = None) -> None:
    """Print counts per cause and write every missed pair with its levels and weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("misses.csv"))
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args(argv)
    frame = normalise_records(read_inputs(args.files))
    truth = pd.read_csv(args.truth, dtype=str, keep_default_na=False)
    pairs = true_pairs(frame, truth)
    n = len(frame)
    blocked = candidate_pairs(frame, DEFAULT_CONFIG.rules, max_bucket=DEFAULT_CONFIG.max_bucket)
    keys = blocked.pairs[c.LEFT].to_numpy(np.int64) * n + blocked.pairs[c.RIGHT].to_numpy(
        np.int64)
    result = link_normalised(frame.copy())
    prepared = prepare_records(frame)
    scored = score_pairs(prepared, pairs, result.model, tables=frequency_tables(prepared))
    true_keys = pairs[c.LEFT].to_numpy(np.int64) * n + pairs[c.RIGHT].to_numpy(np.int64)
    scored["blocked"] = np.isin(true_keys, keys)
    ids = frame[c.RECORD_ID].astype(str).to_numpy(dtype=object)
    links = result.pairs[result.pairs[c.BAND] == "link"]
    linked = set(zip(links["record_id_l"], links["record_id_r"], strict=True))
    scored["linked"] = [(ids[a], ids[b]) in linked or (ids[b], ids[a]) in linked
                        for a, b in zip(pairs[c.LEFT], pairs[c.RIGHT], strict=True)]
    missed = scored[~scored["linked"]].copy()
    missed["cause"] = np.where(~missed["blocked"], "unblocked",
                               np.where(missed[c.SCORE] >= 0.30, "review", "below review"))
    print(f"true pairs {len(pairs):,}; blocked {int(scored['blocked'].sum()):,}; "
          f"linked {int(scored['linked'].sum()):,}; missed {len(missed):,}")
    print(missed["cause"].value_counts().to_string())
    features = [f.name for f in result.model.features]
    for cause in ("unblocked", "review", "below review"):
        part = missed[missed["cause"] == cause]
        if part.empty:
            continue
        weights = part[[weight_column(f) for f in features]].to_numpy()
        # Only weights below zero are evidence against: a missing field weighs 0 and
        # must not pass for the pair's weakest point.
        negative = weights.min(axis=1) < 0
        weakest = Counter(features[i] for i in weights[negative].argmin(axis=1))
        weakest["(none negative)"] = int((~negative).sum())
        print(f"\n{cause}: most negative feature {dict(weakest.most_common())}")
        for feature in ("name", "date_of_birth", "place_of_birth"):
            print(f"  {feature} levels {part[level_column(feature)].value_counts().to_dict()}")
    for side, col in (("l", c.LEFT), ("r", c.RIGHT)):
        for field in SHOWN:
            missed[f"{field}_{side}"] = frame[field].to_numpy(dtype=object)[missed[col]]
    missed.insert(0, "record_id_l", ids[missed[c.LEFT]])
    missed.insert(1, "record_id_r", ids[missed[c.RIGHT]])
    missed.to_csv(args.out, index=False)
    with pd.option_context("display.width", 250, "display.max_columns", 40,
                           "display.max_colwidth", 40):
        shown = [c.SCORE, "cause", f"{c.NAME_DISPLAY}_l", f"{c.NAME_DISPLAY}_r",
                 f"{c.NAME_TOKENS}_l", f"{c.NAME_TOKENS}_r"]
        if args.show:
            print(missed[shown].sample(min(args.show, len(missed)), random_state=0).to_string())


if __name__ == "__main__":
    main()
