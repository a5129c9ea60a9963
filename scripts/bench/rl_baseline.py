"""recordlinkage 0.16 over interchange personnel files: the classic FEBRL-style pipeline.

Same prepared columns as the Splink baseline (names lowercased as written). Candidate pairs
are the union of standard blocks (no full index); each comparison is binarised (Jaro-Winkler
>= 0.85 on names and place, Levenshtein similarity >= 0.85 on identifiers, exact on the
rest) and the unsupervised ECM classifier decides; links are clustered by connected
components. Meant for the smaller sets: its comparisons run row by row in Python.

    python -m scripts.bench.rl_baseline FILE... --out DIR
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from scripts.bench.splink_baseline import prepare, read_personnel

BLOCKS = (("first_name", "family_name"), ("family_name", "birth_year"),
          ("first_name", "birth_year"), ("dob",), ("passport_number",), ("national_id",),
          ("service_number",))
STRINGS = {"first_name": "jarowinkler", "family_name": "jarowinkler",
           "place_of_birth": "jarowinkler", "passport_number": "levenshtein",
           "national_id": "levenshtein", "service_number": "levenshtein"}
EXACT = ("dob", "birth_year", "nationality", "sex")
LINK = 0.95  # ECM match probability for the link band, as for the other tools


def candidate_index(frame: pd.DataFrame) -> pd.MultiIndex:
    """Union of the blocks over columns that hold data; a missing key blocks nothing."""
    import recordlinkage as rl

    indexes = [rl.index.Block(list(keys)).index(frame) for keys in BLOCKS
               if all(frame[k].notna().any() for k in keys)]
    union = indexes[0]
    for index in indexes[1:]:
        union = union.union(index)
    return cast(pd.MultiIndex, union)


def features(frame: pd.DataFrame, pairs: pd.MultiIndex) -> pd.DataFrame:
    """Binary comparison vectors; columns with no data anywhere are left out."""
    import recordlinkage as rl

    compare = rl.Compare(n_jobs=1)
    for column, method in STRINGS.items():
        if frame[column].notna().any():
            compare.string(column, column, method=method, threshold=0.85, label=column)
    for column in EXACT:
        if frame[column].notna().any():
            compare.exact(column, column, label=column)
    vectors = compare.compute(pairs, frame)
    # ECM cannot estimate a feature that never varies.
    return cast(pd.DataFrame, vectors.loc[:, vectors.nunique() > 1])


def components(n: int, left: NDArray[np.int64], right: NDArray[np.int64]) -> NDArray[np.int64]:
    """Connected-component label (smallest member position) of every node."""
    labels = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(labels[left], labels[right])
        before = labels.copy()
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        labels = labels[labels]  # pointer jumping shortens long chains
        if np.array_equal(labels, before):
            return labels


def link(frame: pd.DataFrame, out: Path) -> dict[str, int]:
    """Block, compare, classify with ECM, cluster; write pairs.csv and clusters.csv."""
    from recordlinkage import ECMClassifier

    frame = frame.reset_index(drop=True)
    pairs = candidate_index(frame)
    vectors = features(frame, pairs)
    classifier = ECMClassifier(binarize=None)
    classifier.fit(vectors)
    score = pd.Series(classifier.prob(vectors), index=vectors.index)
    kept = score[score >= 0.30]
    left = kept.index.get_level_values(0).to_numpy(dtype=np.int64)
    right = kept.index.get_level_values(1).to_numpy(dtype=np.int64)
    ids = frame["record_id"].to_numpy(dtype=object)
    is_link = kept.to_numpy() >= LINK
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"record_id_l": ids[left], "record_id_r": ids[right], "score": kept.to_numpy(),
                  "band": np.where(is_link, "link", "review")}).to_csv(
        out / "pairs.csv", index=False, float_format="%.6f")
    labels = components(len(frame), left[is_link], right[is_link])
    pd.DataFrame({"record_id": ids, "cluster_id": ids[labels]}).to_csv(
        out / "clusters.csv", index=False)
    report = {"records": len(frame), "candidate_pairs": len(pairs), "pairs": len(kept)}
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def main(argv: list[str] | None = None) -> None:
    """Command line: link FILES into --out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(link(prepare(read_personnel(args.files)), args.out)))


if __name__ == "__main__":
    main()
