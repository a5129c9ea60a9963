"""Constrained clustering and stable person ids."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linkage import columns as c
from linkage.clustering import ConstraintConflict, cluster_pairs, connected_components
from linkage.identity import assign_cluster_ids
from linkage.model import DEFAULT_MODEL
from linkage.pipeline import LinkConfig, _different_below
from linkage.scoring import DEFAULT_THRESHOLDS


def scored(*rows: tuple[int, int, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[c.LEFT, c.RIGHT, c.SCORE])


def links(*rows: tuple[int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[c.LEFT, c.RIGHT])


CHAIN = scored((0, 1, 0.99), (1, 2, 0.97), (0, 2, 0.01), (3, 4, 0.99))


def test_connected_components_labels_by_smallest_member() -> None:
    labels = connected_components(6, np.array([5, 4, 3, 2]), np.array([4, 3, 2, 1]))
    assert labels.tolist() == [0, 1, 1, 1, 1, 1]


def test_ambiguous_record_does_not_chain_two_people_and_is_flagged() -> None:
    result = cluster_pairs(5, CHAIN)
    assert result.labels.tolist() == [0, 0, 2, 3, 3]
    assert list(zip(result.bridges[c.LEFT], result.bridges[c.RIGHT], strict=True)) == [(1, 2)]


def test_unscored_pair_inside_a_chain_is_scored_before_merging() -> None:
    pairs = scored((0, 1, 0.99), (1, 2, 0.98))
    assert cluster_pairs(3, pairs).labels.tolist() == [0, 0, 0]
    split = cluster_pairs(3, pairs, rescore=lambda p: np.full(len(p), 0.01, np.float32))
    assert split.labels.tolist() == [0, 0, 2]


def test_a_pair_with_too_little_evidence_is_not_taken_for_two_people() -> None:
    # (0, 2) scores 0.01: below review, yet above `different_below`, as a pair of
    # records with a shared name and no date may be when the prior is millions to one.
    assert cluster_pairs(5, CHAIN, different_below=0.001).labels.tolist() == [0, 0, 0, 3, 3]
    assert cluster_pairs(5, CHAIN, different_below=0.3).labels.tolist() == [0, 0, 2, 3, 3]


def test_the_pipeline_takes_for_two_people_only_pairs_short_of_its_evidence_bits() -> None:
    trained = DEFAULT_MODEL.with_probabilities({}, {}, prior=6e-6)  # 100k records
    cut = _different_below(trained, LinkConfig(different_bits=10.0))
    assert cut == pytest.approx(1 / (1 + 2 ** -(trained.prior_weight + 10.0)), rel=1e-4)
    assert cut < DEFAULT_THRESHOLDS.review
    # An untrained model's prior (0.01) would put the cut above review: review holds.
    assert _different_below(DEFAULT_MODEL, LinkConfig()) == DEFAULT_THRESHOLDS.review


def test_cannot_link_is_never_violated() -> None:
    result = cluster_pairs(5, CHAIN, cannot_link=links((3, 4)))
    assert result.labels[3] != result.labels[4]


def test_must_link_is_honoured_even_against_a_low_score() -> None:
    result = cluster_pairs(5, CHAIN, must_link=links((0, 2), (2, 3)))
    assert len(set(result.labels.tolist())) == 1


def test_must_link_contradicting_cannot_link_is_an_error() -> None:
    with pytest.raises(ConstraintConflict):
        cluster_pairs(3, scored(), must_link=links((0, 1), (1, 2)), cannot_link=links((0, 2)))


def test_clustering_is_deterministic_and_order_free() -> None:
    first = cluster_pairs(5, CHAIN).labels
    again = cluster_pairs(5, CHAIN.iloc[::-1].reset_index(drop=True)).labels
    assert first.tolist() == again.tolist()


def test_ids_are_stable_on_rerun_and_when_records_are_added() -> None:
    records = pd.Series(["a", "b", "c", "d"])
    first = assign_cluster_ids(records, np.array([0, 0, 2, 2]))
    assert first.tolist() == assign_cluster_ids(records, np.array([0, 0, 2, 2])).tolist()
    previous = pd.Series(first.to_numpy(), index=records)
    grown = assign_cluster_ids(pd.Series(["a", "b", "c", "d", "e"]),
                               np.array([0, 0, 2, 2, 2]), previous)
    assert grown.tolist() == [*first.tolist(), first[2]]


def test_split_cluster_keeps_id_on_larger_part() -> None:
    records = pd.Series(["a", "b", "c"])
    previous = pd.Series(["P-1", "P-1", "P-1"], index=records)
    ids = assign_cluster_ids(records, np.array([0, 0, 2]), previous)
    assert ids[0] == ids[1] == "P-1" and ids[2] != "P-1"
