"""Constrained clustering of scored pairs into people.

Links at or above the link threshold and analysts' must-links join records;
cannot-links never do. A connected group in which some pair of records looks
like two different people (score below the review threshold) or contains a
cannot-link is re-clustered greedily, strongest link first, refusing any
merge across such a pair: an ambiguous record then joins one side and its
other link is flagged as a bridge for review instead of chaining two people.
The result is deterministic and idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c
from linkage.buckets import pairs_in_buckets
from linkage.scoring import DEFAULT_THRESHOLDS, Thresholds

IntArray = NDArray[np.int64]
Rescore = Callable[[pd.DataFrame], NDArray[np.float32]]
MAX_CLOSURE = 60  # largest group whose unscored internal pairs are scored


@dataclass(frozen=True)
class Clustering:
    """Cluster label per record position (smallest member position) and bridge pairs."""

    labels: IntArray
    bridges: pd.DataFrame  # LEFT, RIGHT, SCORE of links kept apart


class ConstraintConflict(ValueError):
    """Must-links join two records that a cannot-link keeps apart."""


def connected_components(n: int, left: IntArray, right: IntArray) -> IntArray:
    """Label per node: the smallest node of its component (hooking + pointer jumping)."""
    labels = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(labels[left], labels[right])
        hooked = labels.copy()
        np.minimum.at(hooked, labels[left], low)
        np.minimum.at(hooked, labels[right], low)
        while not np.array_equal(hooked[hooked], hooked):
            hooked = hooked[hooked]
        if np.array_equal(hooked, labels):
            return labels
        labels = hooked


def _encode(left: NDArray[np.integer], right: NDArray[np.integer], n: int) -> IntArray:
    a, b = left.astype(np.int64), right.astype(np.int64)
    return np.minimum(a, b) * n + np.maximum(a, b)


def _constraint_frame(pairs: pd.DataFrame | None) -> pd.DataFrame:
    if pairs is None:
        return pd.DataFrame({c.LEFT: np.empty(0, np.int64), c.RIGHT: np.empty(0, np.int64)})
    return pairs[[c.LEFT, c.RIGHT]].astype(np.int64)


def _group_pairs(members: list[int], known: dict[int, float], n: int) -> pd.DataFrame:
    """All internal pairs of a small group that have no score yet."""
    missing = [(a, b) for a, b in combinations(sorted(members), 2) if a * n + b not in known]
    return pd.DataFrame(missing, columns=[c.LEFT, c.RIGHT], dtype=np.int64)


class _Groups:
    """Union-find over one conflicted component, refusing merges across negative pairs."""

    def __init__(self, members: list[int]) -> None:
        self.root = {m: m for m in members}
        self.members = {m: {m} for m in members}
        self.avoid: dict[int, set[int]] = {m: set() for m in members}

    def keep_apart(self, pairs: set[tuple[int, int]]) -> None:
        for a, b in pairs:
            self.avoid[self.find(a)].add(b)
            self.avoid[self.find(b)].add(a)

    def find(self, x: int) -> int:
        while self.root[x] != x:
            self.root[x] = self.root[self.root[x]]
            x = self.root[x]
        return x

    def merge(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.avoid[ra] & self.members[rb]:
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.root[gone] = keep
        self.members[keep] |= self.members.pop(gone)
        self.avoid[keep] |= self.avoid.pop(gone)
        return True


def _recluster(members: list[int], edges: list[tuple[int, int]],
               constraints: dict[str, set[tuple[int, int]]]) -> dict[int, int]:
    """Greedy constrained merge of one component: must-links first, then links in order.

    `edges` come strongest first. Cannot-links bind must-links too; pairs scored as
    different people bind only links.
    """
    groups = _Groups(members)
    groups.keep_apart(constraints["cannot"])
    for a, b in sorted(constraints["must"]):
        if not groups.merge(a, b):
            raise ConstraintConflict(f"must-link {a}-{b} contradicts a cannot-link")
    groups.keep_apart(constraints["negative"])
    for a, b in edges:
        groups.merge(a, b)
    return {m: groups.find(m) for m in members}


def _internal_pairs(labels: IntArray, n: int, max_size: int) -> IntArray:
    """Encoded pairs of records sharing a label, for groups of 3..max_size records."""
    sizes = np.bincount(labels, minlength=n)
    nodes = np.flatnonzero((sizes[labels] >= 3) & (sizes[labels] <= max_size))
    return pairs_in_buckets(nodes.astype(np.int64), labels[nodes], n)


def _is_in_sorted(values: IntArray, known: IntArray) -> NDArray[np.bool_]:
    """Membership of each value in a sorted array (binary search; no hashing)."""
    if len(known) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(known, values), len(known) - 1)
    return np.asarray(known[at] == values, dtype=bool)


def _scored_inside(pairs: pd.DataFrame, labels: IntArray, n: int,
                   rescore: Rescore | None) -> pd.DataFrame:
    """Scored pairs inside components, with unscored pairs of small groups scored now."""
    left = pairs[c.LEFT].to_numpy(dtype=np.int64)
    right = pairs[c.RIGHT].to_numpy(dtype=np.int64)
    within = labels[left] == labels[right]
    inside = pairs.loc[within, [c.LEFT, c.RIGHT, c.SCORE]]
    if rescore is None:
        return inside
    wanted = _internal_pairs(labels, n, MAX_CLOSURE)
    missing = wanted[~_is_in_sorted(wanted, np.sort(_encode(left[within], right[within], n)))]
    if len(missing) == 0:
        return inside
    extra = pd.DataFrame({c.LEFT: missing // n, c.RIGHT: missing % n})
    extra[c.SCORE] = rescore(extra)
    return pd.concat([inside, extra], ignore_index=True)


def cluster_pairs(n: int, pairs: pd.DataFrame, *, thresholds: Thresholds = DEFAULT_THRESHOLDS,
                  must_link: pd.DataFrame | None = None, cannot_link: pd.DataFrame | None = None,
                  rescore: Rescore | None = None, different_below: float | None = None
                  ) -> Clustering:
    """Cluster n records from scored pairs (LEFT, RIGHT, SCORE[, BAND]) under constraints.

    Links are the pairs in the 'link' band when BAND is given, else at the link threshold.
    A pair inside a group scored under `different_below` (default: the review
    threshold) looks like two people and keeps them apart.

    `rescore` scores pairs (LEFT, RIGHT) that blocking did not propose, so that a
    group joined through a chain is checked pair by pair before it is accepted.
    """
    must, cannot = _constraint_frame(must_link), _constraint_frame(cannot_link)
    cannot_keys = _encode(cannot[c.LEFT].to_numpy(), cannot[c.RIGHT].to_numpy(), n)
    linked = pairs[c.BAND] == "link" if c.BAND in pairs else pairs[c.SCORE] >= thresholds.link
    links = pairs.loc[linked, [c.LEFT, c.RIGHT, c.SCORE]]
    links = links[~_is_in_sorted(_encode(links[c.LEFT].to_numpy(), links[c.RIGHT].to_numpy(),
                                         n), np.sort(cannot_keys))]
    edge_l = np.r_[links[c.LEFT].to_numpy(dtype=np.int64), must[c.LEFT].to_numpy()]
    edge_r = np.r_[links[c.RIGHT].to_numpy(dtype=np.int64), must[c.RIGHT].to_numpy()]
    labels = connected_components(n, edge_l, edge_r)
    inside = _scored_inside(pairs, labels, n, rescore)
    different = thresholds.review if different_below is None else different_below
    negative = inside[inside[c.SCORE] < different]
    cannot_in = cannot[labels[cannot[c.LEFT].to_numpy()] == labels[cannot[c.RIGHT].to_numpy()]]
    flagged = np.unique(np.r_[labels[negative[c.LEFT].to_numpy(dtype=np.int64)],
                              labels[cannot_in[c.LEFT].to_numpy()]])
    labels = _resolve(labels, flagged, links, {"must": must, "cannot": cannot_in,
                                               "negative": negative})
    bridges = links[labels[links[c.LEFT].to_numpy()] != labels[links[c.RIGHT].to_numpy()]]
    return Clustering(labels, bridges.reset_index(drop=True))


def _split_by(keys: IntArray, left: IntArray, right: IntArray
              ) -> dict[int, list[tuple[int, int]]]:
    """(left, right) rows grouped by key, rows kept in their given order."""
    if len(keys) == 0:
        return {}
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    rows = list(zip(left[order].tolist(), right[order].tolist(), strict=True))
    cuts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[cuts[1:], len(keys)]
    return {int(keys[i]): rows[i:j] for i, j in zip(cuts.tolist(), ends.tolist(), strict=True)}


def _pair_sets(frame: pd.DataFrame, labels: IntArray) -> dict[int, set[tuple[int, int]]]:
    """Pairs of a frame grouped by the component label of their left record."""
    left = frame[c.LEFT].to_numpy(dtype=np.int64)
    right = frame[c.RIGHT].to_numpy(dtype=np.int64)
    grouped = _split_by(labels[left], left, right)
    return {label: set(rows) for label, rows in grouped.items()}


def _ordered_links(links: pd.DataFrame, labels: IntArray) -> dict[int, list[tuple[int, int]]]:
    """Links per component label, strongest first (ties by LEFT, then RIGHT)."""
    left = links[c.LEFT].to_numpy(dtype=np.int64)
    right = links[c.RIGHT].to_numpy(dtype=np.int64)
    order = np.lexsort((right, left, -links[c.SCORE].to_numpy(dtype=np.float64)))
    return _split_by(labels[left[order]], left[order], right[order])


def _resolve(labels: IntArray, flagged: IntArray, links: pd.DataFrame,
             constraints: dict[str, pd.DataFrame]) -> IntArray:
    """Re-cluster each flagged component under its constraints and negative pairs."""
    labels = labels.copy()
    if len(flagged) == 0:
        return labels
    is_flagged = np.zeros(len(labels), dtype=bool)
    is_flagged[flagged] = True
    keep = is_flagged[labels]
    links = links[keep[links[c.LEFT].to_numpy(dtype=np.int64)]]
    by_label = _ordered_links(links, labels)
    sets = {kind: _pair_sets(frame, labels) for kind, frame in constraints.items()}
    nodes = np.flatnonzero(keep)
    members = _split_by(labels[nodes], nodes, nodes)
    for label in flagged.tolist():
        groups = {kind: found.get(label, set()) for kind, found in sets.items()}
        roots = _recluster([m for m, _ in members[label]], by_label.get(label, []), groups)
        labels[list(roots)] = list(roots.values())
    return labels
