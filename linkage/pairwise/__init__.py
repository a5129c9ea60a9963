"""Row-wise scoring of one query record against a few candidates (a vetting check).

The vectorised engine (`features.prepare_records` + `scoring.score_pairs`) is built
for millions of pairs; for one query and at most a few hundred candidates its pandas
overhead dominates. This package gives the same levels, weights, scores and bands in
plain Python: `prepare_one` (record.py) computes once what the level functions need about a
record (so a caller can cache prepared candidates), and `score_against` compares and
weighs a query against prepared candidates.

"The same" is exact: the result for (query, candidates) equals that of `score_pairs`
on the frame [query, *candidates] with pairs (0, k), query on the left. Where the
vectorised path depends on the frame rather than the pair, this package reproduces it:

- a token's phonetic key is the one of its first occurrence in the frame, and none
  agree when the frame's phonetic keys do not line up with its tokens (`levels.frame_sounds`);
- the name level of a pair is worked out once per distinct name key (name and
  symbols), on the first candidate that has it (`features._distinct`);
- two close-spelling tokens are compared in vocabulary order (first occurrence).

The weights are computed with the same numpy float32 operations as the vectorised
weigher, on arrays of one entry per candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from linkage.frequency import FrequencyTable
from linkage.model import Model
from linkage.pairwise.levels import feature_levels, frame_sounds
from linkage.pairwise.record import PreparedRecord, prepare_one
from linkage.pairwise.weights import feature_plan, feature_weights
from linkage.scoring import (
    BANDS,
    DEFAULT_THRESHOLDS,
    Thresholds,
    band_codes,
    match_probability,
)

__all__ = ["PairScore", "PreparedRecord", "prepare_one", "score_against"]


class PairScore(NamedTuple):
    """One scored (query, candidate) pair: per model feature, in `model.features` order,
    the level (-1 null) and weight; then the match weight, the score (the match
    probability) and the band ('', 'review' or 'link'). A named tuple: cheap to build
    for every candidate."""

    levels: tuple[int, ...]
    weights: tuple[float, ...]
    match_weight: float
    score: float
    band: str


def score_against(query: PreparedRecord, candidates: Sequence[PreparedRecord], model: Model,
                  *, tables: dict[str, FrequencyTable],
                  thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[PairScore]:
    """Score the query against each candidate, in order.

    Equal to `score_pairs(prepare_records(frame), pairs, model, tables=tables,
    thresholds=thresholds, explain=True)` for frame = [query, *candidates] and pairs
    (0, k): the same levels, and weights, match weights, scores and bands from the same
    float32 arithmetic.
    """
    if not candidates:
        return []
    plan = feature_plan(model)
    q_sounds, *sounds = frame_sounds([query, *candidates])
    levels = [np.array(feature_levels(p.feature.name, query, q_sounds, candidates, sounds),
                       dtype=np.int8) for p in plan]
    weights = [feature_weights(p, lv, query, candidates, tables)
               for p, lv in zip(plan, levels, strict=True)]
    total = np.full(len(candidates), model.prior_weight, dtype=np.float32)
    for weight in weights:
        total += weight
    score = match_probability(total)
    bands = band_codes(score, thresholds)
    level_rows: Iterable[tuple[int, ...]] = zip(*(lv.tolist() for lv in levels), strict=True)
    weight_rows: Iterable[tuple[float, ...]] = zip(*(w.tolist() for w in weights), strict=True)
    return [PairScore(lv, w, t, s, BANDS[b]) for lv, w, t, s, b in zip(
        level_rows, weight_rows, total.tolist(), score.tolist(), bands.tolist(), strict=True)]
