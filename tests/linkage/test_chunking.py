"""Comparing, weighing and scoring pairs a chunk at a time gives the all-at-once results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linkage import columns as c
from linkage import scoring
from linkage.estimate import estimate_prior
from linkage.features import Prepared, prepare_records
from linkage.model import DEFAULT_MODEL
from linkage.scoring import compare_pairs, score_compared
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
