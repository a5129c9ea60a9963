"""The one evaluation every tool's output goes through: pairs, clusters, blocking, per script.

Record ids are mapped to integer positions in truth.csv, and a pair is identified by its
two positions in ascending order, so the measures do not depend on how a tool orders or
repeats its pairs. Records a tool mentions that truth does not know are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Truth:
    """Truth indexed by position: person code and script code of every record."""

    ids: pd.Index
    person: Ints
    script: Ints
    script_names: tuple[str, ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Truth:
        """Build from truth.csv columns record_id, person_id and (optionally) script."""
        person = pd.factorize(frame["person_id"].astype(str))[0]
        scripts = frame["script"] if "script" in frame else pd.Series("", index=frame.index)
        script, names = pd.factorize(scripts.fillna("").astype(str), sort=True)
        return cls(pd.Index(frame["record_id"].astype(str)), person.astype(np.int64),
                   script.astype(np.int64), tuple(str(n) for n in names))


@dataclass(frozen=True)
class Quality:
    """Pairwise precision, recall and F1 with the counts behind them."""

    precision: float
    recall: float
    f1: float
    predicted: int
    correct: int
    true: int


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _quality(predicted: int, correct: int, true: int) -> Quality:
    precision, recall = _ratio(correct, predicted), _ratio(correct, true)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return Quality(precision, recall, f1, predicted, correct, true)


def _choose2(counts: Ints) -> int:
    return int((counts * (counts - 1) // 2).sum())


def true_pairs(truth: Truth) -> int:
    """Number of record pairs that belong to the same person."""
    return _choose2(np.bincount(truth.person).astype(np.int64))


def locate(truth: Truth, record_ids: pd.Series) -> Ints:
    """Position of each record id in truth, -1 where truth does not know it."""
    return truth.ids.get_indexer(pd.Index(record_ids.astype(str))).astype(np.int64)


def positions(truth: Truth, left: pd.Series, right: pd.Series) -> tuple[Ints, Ints]:
    """Distinct known pairs as ascending positions (self pairs and repeats dropped)."""
    a, b = locate(truth, left), locate(truth, right)
    keep = (a >= 0) & (b >= 0) & (a != b)
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    key = np.unique(lo * len(truth.ids) + hi)
    return key // len(truth.ids), key % len(truth.ids)


def pair_quality(truth: Truth, left: pd.Series, right: pd.Series) -> Quality:
    """Precision/recall/F1 of predicted matching pairs given as record ids."""
    a, b = positions(truth, left, right)
    correct = int((truth.person[a] == truth.person[b]).sum())
    return _quality(len(a), correct, true_pairs(truth))


def cluster_quality(truth: Truth, record_id: pd.Series, cluster_id: pd.Series) -> Quality:
    """Precision/recall/F1 of the pairs implied by clusters; unlisted records are singletons."""
    at = locate(truth, record_id)
    known = at >= 0
    cluster = pd.factorize(cluster_id[known].astype(str))[0].astype(np.int64)
    person = truth.person[at[known]]
    predicted = _choose2(np.bincount(cluster).astype(np.int64))
    both = np.asarray(pd.DataFrame({"c": cluster, "p": person}).value_counts(), dtype=np.int64)
    return _quality(predicted, _choose2(both), true_pairs(truth))


def pair_completeness(truth: Truth, left: pd.Series, right: pd.Series) -> float:
    """Share of true pairs among the candidate pairs a blocking step proposed."""
    a, b = positions(truth, left, right)
    return _ratio(int((truth.person[a] == truth.person[b]).sum()), true_pairs(truth))


def script_recall(truth: Truth, left: pd.Series, right: pd.Series
                  ) -> dict[str, tuple[float, int]]:
    """Per script: recall of true pairs with a record in that script, and how many there are."""
    a, b = positions(truth, left, right)
    hit = truth.person[a] == truth.person[b]
    sa, sb = truth.script[a][hit], truth.script[b][hit]
    out: dict[str, tuple[float, int]] = {}
    for code, name in enumerate(truth.script_names):
        total = _script_true_pairs(truth, code)
        found = int(((sa == code) | (sb == code)).sum())
        out[name] = (_ratio(found, total), total)
    return out


def _script_true_pairs(truth: Truth, code: int) -> int:
    """True pairs with at least one record in script `code`: all pairs minus those with none."""
    per_person = np.bincount(truth.person).astype(np.int64)
    in_script = np.bincount(truth.person[truth.script == code],
                            minlength=len(per_person)).astype(np.int64)
    return _choose2(per_person) - _choose2(per_person - in_script)


def best_threshold_f1(truth: Truth, pairs: pd.DataFrame) -> tuple[float, float]:
    """(F1, threshold) at the score cut-off that maximises F1 over the listed pairs."""
    if pairs.empty:
        return 0.0, 1.0
    ordered = pairs.sort_values("score", ascending=False, kind="stable")
    a, b = locate(truth, ordered["record_id_l"]), locate(truth, ordered["record_id_r"])
    keep = (a >= 0) & (b >= 0) & (a != b)
    scores = ordered["score"].to_numpy(dtype=float)[keep]
    hit = truth.person[a[keep]] == truth.person[b[keep]]
    correct = np.cumsum(hit)
    predicted = np.arange(1, len(hit) + 1)
    f1 = 2 * correct / (predicted + true_pairs(truth))
    # A cut-off can only fall between distinct scores, so ties are taken together.
    f1[np.r_[scores[1:] == scores[:-1], False]] = 0.0
    if not len(f1):
        return 0.0, 1.0
    best = int(np.argmax(f1))
    return float(f1[best]), float(scores[best])
