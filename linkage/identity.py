"""Stable person (cluster) ids across runs.

A new cluster takes the id of the previous cluster it shares most records with
(ties to the smaller id); each previous id goes to at most one new cluster.
A cluster that overlaps nothing gets an id derived from its smallest record id,
so linking the same records twice gives the same ids even with no history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c

ID_PREFIX = "P-"


def _fresh_ids(first_records: pd.Series) -> pd.Series:
    """Deterministic id per cluster from its smallest record id."""
    hashes = pd.util.hash_array(first_records.astype(str).to_numpy(dtype=object))
    return pd.Series([f"{ID_PREFIX}{h:016x}" for h in hashes.tolist()], index=first_records.index)


def _inherited(overlap: pd.DataFrame) -> pd.Series:
    """Previous id per new label: largest overlap first, each id and label used once."""
    ranked = overlap.sort_values(["count", "old", "label"], ascending=[False, True, True])
    chosen: dict[int, str] = {}
    while len(ranked):
        best = ranked.drop_duplicates("old").drop_duplicates("label")
        chosen.update(zip(best["label"].tolist(), best["old"].tolist(), strict=True))
        ranked = ranked[~ranked["label"].isin(best["label"]) & ~ranked["old"].isin(best["old"])]
    return pd.Series(chosen, dtype=object)


def _first_records(record_ids: NDArray[np.object_], labels: NDArray[np.int64]) -> pd.Series:
    """Smallest record id per label, indexed by label (sorted codes; no string groupby)."""
    codes, uniques = pd.factorize(record_ids, sort=True)
    order = np.lexsort((codes, labels))
    firsts = order[np.r_[True, labels[order][1:] != labels[order][:-1]]]
    return pd.Series(np.asarray(uniques, dtype=object)[codes[firsts]], index=labels[firsts],
                     dtype=object)


def assign_cluster_ids(record_ids: pd.Series, labels: NDArray[np.int64],
                       previous: pd.Series | None = None) -> pd.Series:
    """Cluster id per record (same order as `record_ids`).

    `previous` maps record_id -> cluster_id from an earlier run (may be partial).
    """
    labels = np.asarray(labels, dtype=np.int64)
    records = pd.DataFrame({c.RECORD_ID: record_ids.astype(str).to_numpy(), "label": labels})
    first = _first_records(records[c.RECORD_ID].to_numpy(dtype=object), labels)
    ids = pd.Series(index=first.index, dtype=object)
    if previous is not None and len(previous):
        old = records[c.RECORD_ID].map(previous)
        overlap = records.assign(old=old).dropna(subset=["old"])
        overlap = overlap.groupby(["label", "old"]).size().rename("count").reset_index()
        ids.update(_inherited(overlap))
    taken = set(ids.dropna()) | (set(previous.dropna()) if previous is not None else set())
    chosen = ids.dropna().to_dict()
    for label, value in _fresh_ids(first[ids.isna()]).items():
        suffix = 0
        while (candidate := value + (f"-{suffix}" if suffix else "")) in taken:
            suffix += 1
        chosen[label] = candidate
        taken.add(candidate)
    return records["label"].map(chosen).rename(c.CLUSTER_ID)
