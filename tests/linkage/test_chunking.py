"""Comparing, weighing and scoring pairs a chunk at a time, and clustering only the pairs
between linked records, give the all-at-once results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linkage import columns as c
from linkage import scoring
from linkage.clustering import cluster_pairs
from linkage.estimate import estimate_prior
from linkage.features import Prepared, prepare_records
from linkage.model import DEFAULT_MODEL
from linkage.pipeline import DECISION, LinkConfig, _cluster, _different_below, _rescorer
from linkage.scoring import compare_pairs, frequency_tables, score_compared
from tests.linkage.factories import make_frame, make_normalised

GIVEN = ["mohammed", "muhammad", "ada", "bola", "zephyrine", "kebede", "kabada"]
FAMILY = ["ali", "okafor", "ali", "okonkwo", "lowe"]


def _records() -> tuple[Prepared, pd.DataFrame]:
    records = [make_normalised(given=GIVEN[i % len(GIVEN)], family=FAMILY[i % len(FAMILY)],
                               dob=f"19{60 + i % 4}-0{1 + i % 3}-1{i % 5}",
                               passport_n=f"P{i % 6:07d}" if i % 2 else "",
                               place_n=["kiama", "kiamma", "accra"][i % 3])
               for i in range(24)]
    left, right = np.triu_indices(len(records), k=1)
    pairs = pd.DataFrame({c.LEFT: left.astype(np.int32), c.RIGHT: right.astype(np.int32)})
    return prepare_records(make_frame(*records)), pairs


def test_levels_do_not_depend_on_the_chunk_size() -> None:
    prepared, pairs = _records()
    whole = compare_pairs(prepared, pairs, DEFAULT_MODEL)
    for chunk in (1, 7, 100):
        pd.testing.assert_frame_equal(compare_pairs(prepared, pairs, DEFAULT_MODEL,
                                                    chunk=chunk), whole)


def test_scores_and_prior_do_not_depend_on_the_chunk_size(
        monkeypatch: pytest.MonkeyPatch) -> None:
    prepared, pairs = _records()
    model = DEFAULT_MODEL.with_probabilities({}, {}, prior=0.01)
    whole = score_compared(prepared, compare_pairs(prepared, pairs, model), model,
                           explain=True)
    prior = estimate_prior(prepared, compare_pairs(prepared, pairs, model), model).prior
    monkeypatch.setattr(scoring, "CHUNK_PAIRS", 7)
    chunked = score_compared(prepared, compare_pairs(prepared, pairs, model), model,
                             explain=True)
    pd.testing.assert_frame_equal(chunked, whole)
    assert estimate_prior(prepared, compare_pairs(prepared, pairs, model),
                          model).prior == prior


def test_clustering_sees_only_pairs_between_linked_records_with_the_same_result() -> None:
    prepared, pairs = _records()
    # A prior low enough that some records link to nothing: their pairs are left out.
    model = DEFAULT_MODEL.with_probabilities({}, {}, prior=0.0003)
    tables = frequency_tables(prepared)
    scored = score_compared(prepared, compare_pairs(prepared, pairs, model), model,
                            tables=tables)
    assert (scored[c.BAND] == "link").any() and (scored[c.BAND] != "link").any()
    decided = pd.DataFrame({c.LEFT: [0, 2, 1], c.RIGHT: [5, 9, 3],
                            DECISION: [True, True, False]})
    config = LinkConfig()
    got = _cluster(prepared, scored, model, tables, decided, config)
    expected = cluster_pairs(len(prepared), scored, thresholds=config.thresholds,
                             must_link=decided[decided[DECISION]],
                             cannot_link=decided[~decided[DECISION]],
                             rescore=_rescorer(prepared, model, tables),
                             different_below=_different_below(model, config))
    np.testing.assert_array_equal(got.labels, expected.labels)
    pd.testing.assert_frame_equal(got.bridges, expected.bridges)
