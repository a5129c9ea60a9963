"""Quality measures against a known truth (record -> person).

Blocking: pair completeness (share of true pairs proposed) and reduction ratio.
Linkage: pairwise precision/recall/F1 over predicted pairs or over the pairs
implied by clusters, and B-cubed precision/recall over clusters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ratio(a: float, b: float) -> float:
    return a / b if b else 1.0


def _n_pairs(sizes: pd.Series) -> int:
    values = sizes.to_numpy(dtype=np.int64)
    return int((values * (values - 1) // 2).sum())


def true_pair_count(truth: pd.Series) -> int:
    """Number of record pairs that belong to the same person."""
    return _n_pairs(truth.value_counts())


def _same_person(left: pd.Series, right: pd.Series, truth: pd.Series) -> NDArray[np.bool_]:
    a = left.astype(str).map(truth).to_numpy(dtype=object)
    b = right.astype(str).map(truth).to_numpy(dtype=object)
    return np.asarray((a == b) & pd.notna(a), dtype=bool)


def blocking_metrics(left: pd.Series, right: pd.Series, truth: pd.Series) -> dict[str, float]:
    """Pair completeness and reduction ratio of candidate pairs given as record ids."""
    n = len(truth)
    found = int(_same_person(left, right, truth).sum())
    total = true_pair_count(truth)
    return {"candidate_pairs": len(left), "true_pairs": total, "true_pairs_found": found,
            "pair_completeness": _ratio(found, total),
            "reduction_ratio": 1.0 - _ratio(len(left), n * (n - 1) / 2)}


def pairwise_metrics(left: pd.Series, right: pd.Series, truth: pd.Series) -> dict[str, float]:
    """Precision, recall and F1 of predicted matching pairs given as record ids."""
    correct = int(_same_person(left, right, truth).sum())
    precision = _ratio(correct, len(left))
    recall = _ratio(correct, true_pair_count(truth))
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _contingency(clusters: pd.Series, truth: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({"cluster": clusters.astype(str), "person": truth.reindex(
        clusters.index).astype(str)})
    return frame.groupby(["cluster", "person"]).size().rename("n").reset_index()


def cluster_pair_metrics(clusters: pd.Series, truth: pd.Series) -> dict[str, float]:
    """Pairwise precision/recall/F1 of the pairs implied by clusters (record id index)."""
    table = _contingency(clusters, truth)
    correct = _n_pairs(table["n"])
    predicted = _n_pairs(clusters.value_counts())
    precision = _ratio(correct, predicted)
    recall = _ratio(correct, true_pair_count(truth.reindex(clusters.index)))
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def bcubed(clusters: pd.Series, truth: pd.Series) -> dict[str, float]:
    """B-cubed precision and recall: per record, share of its cluster that is its person."""
    table = _contingency(clusters, truth)
    cluster_size = table.groupby("cluster")["n"].transform("sum")
    person_size = table.groupby("person")["n"].transform("sum")
    n = table["n"].sum()
    precision = float((table["n"] ** 2 / cluster_size).sum() / n)
    recall = float((table["n"] ** 2 / person_size).sum() / n)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def evaluate_linkage(truth: pd.Series, clusters: pd.Series, link_left: pd.Series,
                     link_right: pd.Series) -> dict[str, dict[str, float]]:
    """All linkage measures; series indexed by record id, links given as record-id pairs."""
    truth = truth.set_axis(truth.index.astype(str))
    clusters = clusters.set_axis(clusters.index.astype(str))
    return {"pairwise": pairwise_metrics(link_left, link_right, truth),
            "clusters": cluster_pair_metrics(clusters, truth),
            "bcubed": bcubed(clusters, truth)}
