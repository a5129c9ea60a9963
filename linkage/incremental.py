"""Incremental linking: a new batch against records linked before.

Only pairs touching a new record are blocked and scored; earlier pairs come
in with their scores, so old pairs are never re-scored (apart from the few
unscored pairs inside a group that a new record joins, checked before
accepting it). Previous cluster ids are kept wherever the groups persist.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage import columns as c
from linkage.blocking import candidate_pairs
from linkage.features import prepare_records
from linkage.identity import assign_cluster_ids
from linkage.model import Model
from linkage.pipeline import (
    DEFAULT_CONFIG,
    RECORD_ID_L,
    RECORD_ID_R,
    LinkConfig,
    LinkResult,
    _cluster,
    _output_pairs,
    _summary,
    decision_pairs,
)
from linkage.scoring import frequency_tables, score_pairs


def _old_pairs(frame: pd.DataFrame, pairs: pd.DataFrame, link: float) -> pd.DataFrame:
    """Earlier pairs (record_id_l, record_id_r, score[, band]) as positions, LEFT < RIGHT."""
    position = pd.Series(np.arange(len(frame)), index=frame[c.RECORD_ID].astype(str))
    a = pairs[RECORD_ID_L].astype(str).map(position)
    b = pairs[RECORD_ID_R].astype(str).map(position)
    known = a.notna() & b.notna()
    a, b = a[known].astype(np.int64), b[known].astype(np.int64)
    scores = pairs.loc[known, c.SCORE].to_numpy(dtype=np.float32)
    bands = (pairs.loc[known, c.BAND].astype(str).to_numpy() if c.BAND in pairs
             else np.where(scores >= link, "link", ""))
    return pd.DataFrame({c.LEFT: np.minimum(a, b), c.RIGHT: np.maximum(a, b),
                         c.SCORE: scores, c.BAND: bands})


def link_incremental(existing: pd.DataFrame, new: pd.DataFrame, *, model: Model,
                     existing_pairs: pd.DataFrame, previous: pd.Series,
                     config: LinkConfig = DEFAULT_CONFIG,
                     decisions: pd.DataFrame | None = None) -> LinkResult:
    """Link normalised `new` records against normalised `existing` ones.

    `existing_pairs` holds the earlier pairs (record_id_l, record_id_r, score), at
    least those at or above the review threshold; `previous` maps record_id ->
    cluster_id. The result's pairs are the new ones; its clusters cover all records.
    """
    frame = pd.concat([existing, new], ignore_index=True)
    if frame[c.RECORD_ID].astype(str).duplicated().any():
        raise ValueError("record_id must be unique across existing and new records")
    prepared = prepare_records(frame)
    blocking = candidate_pairs(frame, config.rules, max_bucket=config.max_bucket,
                               first_new=len(existing))
    tables = frequency_tables(prepared)
    scored = score_pairs(prepared, blocking.pairs, model, tables=tables,
                         thresholds=config.thresholds, explain=False)
    old = _old_pairs(frame, existing_pairs, config.thresholds.link)
    everything = pd.concat([old, scored[[c.LEFT, c.RIGHT, c.SCORE, c.BAND]].astype(
        {c.BAND: str})], ignore_index=True)
    clustering = _cluster(prepared, everything, model, tables, decision_pairs(frame, decisions),
                          config)
    ids = assign_cluster_ids(frame[c.RECORD_ID], clustering.labels, previous)
    clusters = pd.DataFrame({c.RECORD_ID: frame[c.RECORD_ID].astype(str),
                             c.CLUSTER_ID: ids.to_numpy()})
    pairs = _output_pairs(prepared, frame, scored, clustering, model, tables, config)
    report = _summary(frame, pairs, clusters, model, config)
    report["blocking"] = blocking.stats
    report["new_records"] = len(new)
    return LinkResult(pairs, clusters, model, report)
