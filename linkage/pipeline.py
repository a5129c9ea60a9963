"""The linkage pipeline over a normalised record frame: block, compare, train, score, cluster.

`link_normalised` links one frame; `link_records` normalises raw interchange
frames first. Analysts' decisions (record_id_l, record_id_r, decision) become
must-links and cannot-links and re-estimate m; previous cluster assignments
keep person ids stable.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkage import columns as c
from linkage.blocking import BLOCKED_ON, DEFAULT_RULES, BlockingRule, candidate_pairs
from linkage.clustering import Clustering, cluster_pairs, connected_components
from linkage.estimate import estimate_from_labels, train_model
from linkage.evaluation import blocking_metrics
from linkage.features import Prepared, prepare_records
from linkage.frequency import FrequencyTable
from linkage.identity import assign_cluster_ids
from linkage.memory import release_freed_memory
from linkage.model import DEFAULT_MODEL, Model
from linkage.normalise import normalise_records
from linkage.scoring import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    compare_pairs,
    frequency_tables,
    match_probability,
    pair_chunks,
    score_compared,
    score_pairs,
    uncopied,
)

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
DECISION = "decision"
MATCH, NON_MATCH = "match", "non_match"
RECORD_ID_L, RECORD_ID_R = c.RECORD_ID + "_l", c.RECORD_ID + "_r"


@dataclass(frozen=True)
class LinkConfig:
    """Settings of one linkage run."""

    thresholds: Thresholds = DEFAULT_THRESHOLDS
    rules: tuple[BlockingRule, ...] = DEFAULT_RULES
    max_bucket: int = 200
    train: bool = True  # estimate u and m from the data (EM) before scoring
    u_samples: int = 500_000  # random pairs for u: enough for levels as rare as 1e-5
    seed: int = 0
    # Processes normalising names and threads comparing pairs at once; 1 keeps the
    # whole run in this thread (the right choice inside a server).
    workers: int = 1
    # Bits of evidence (match weight without the prior) under which a pair inside a
    # group of links counts as two people, whose link through others is then a bridge.
    # Measured on generated 100k records: 0 bits and 6 bits link more namesakes (pairwise
    # precision 0.989, 0.991), 13 bits splits more true groups (recall 0.894).
    different_bits: float = 10.0


DEFAULT_CONFIG = LinkConfig()


@dataclass
class LinkResult:
    """Scored pairs (>= review threshold, explained), clusters, the model and a report."""

    pairs: pd.DataFrame
    clusters: pd.DataFrame  # RECORD_ID, CLUSTER_ID for every record, input order
    model: Model
    report: dict[str, Any] = field(default_factory=dict)


@contextmanager
def _stage(report: dict[str, Any], name: str, progress: Progress | None) -> Iterator[None]:
    if progress is not None:
        progress(name)
    start = time.perf_counter()
    yield
    release_freed_memory()
    report.setdefault("timings", {})[name] = round(time.perf_counter() - start, 3)
    log.info("%s: %.2fs", name, report["timings"][name])


def decision_pairs(frame: pd.DataFrame, decisions: pd.DataFrame | None) -> pd.DataFrame:
    """Decisions mapped to positions (LEFT < RIGHT) with a boolean `decision` column."""
    if decisions is None or decisions.empty:
        return pd.DataFrame({c.LEFT: [], c.RIGHT: [], DECISION: []}).astype(
            {c.LEFT: np.int64, c.RIGHT: np.int64, DECISION: bool})
    position = pd.Series(np.arange(len(frame)), index=frame[c.RECORD_ID].astype(str))
    a = decisions[RECORD_ID_L].astype(str).map(position)
    b = decisions[RECORD_ID_R].astype(str).map(position)
    known = a.notna() & b.notna() & (a != b)
    a, b = a[known].astype(np.int64), b[known].astype(np.int64)
    return pd.DataFrame({c.LEFT: np.minimum(a, b), c.RIGHT: np.maximum(a, b),
                         DECISION: decisions.loc[known, DECISION].eq(MATCH).to_numpy()})


def _rescorer(prepared: Prepared, model: Model, tables: dict[str, FrequencyTable]
              ) -> Callable[[pd.DataFrame], np.ndarray[Any, np.dtype[np.float32]]]:
    def rescore(pairs: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.float32]]:
        scored = score_pairs(prepared, pairs, model, tables=tables, explain=False)
        return scored[c.SCORE].to_numpy(dtype=np.float32)
    return rescore


def _cluster(prepared: Prepared, scored: pd.DataFrame, model: Model,
             tables: dict[str, FrequencyTable], decided: pd.DataFrame,
             config: LinkConfig) -> Clustering:
    # Clustering reads only links and pairs inside the groups that links and must-links
    # join (dropping cannot-linked links only splits those groups further), so it is
    # handed just the pairs inside the groups of all links and must-links: a small share
    # of the candidates, which spares it copies of millions of pairs; its result is the
    # same.
    left, right = scored[c.LEFT].to_numpy(), scored[c.RIGHT].to_numpy()
    linked = (scored[c.BAND] == "link").to_numpy()
    must = decided[decided[DECISION]]
    groups = connected_components(
        len(prepared), np.r_[left[linked], must[c.LEFT].to_numpy()].astype(np.int64),
        np.r_[right[linked], must[c.RIGHT].to_numpy()].astype(np.int64))
    within = np.empty(len(scored), dtype=bool)
    for rows in pair_chunks(len(scored)):  # chunked: no int64 gathers over every pair
        within[rows] = groups[left[rows]] == groups[right[rows]]
    return cluster_pairs(
        len(prepared), scored.loc[within, [c.LEFT, c.RIGHT, c.SCORE, c.BAND]],
        thresholds=config.thresholds,
        must_link=must, cannot_link=decided[~decided[DECISION]],
        rescore=_rescorer(prepared, model, tables), different_below=_different_below(model, config))


def _different_below(model: Model, config: LinkConfig) -> float:
    """The score under which a pair inside a linked group is taken for two people: its
    own evidence is under `config.different_bits`, or it is below review, whichever is
    the lower score. A score under review often means only too little evidence
    (namesakes' records with no date) and rarely evidence against, in a registry where
    the prior is millions to one; the group's links vouch for the rest."""
    own = match_probability(np.array([model.prior_weight + config.different_bits],
                                     dtype=np.float32))
    return min(float(own[0]), config.thresholds.review)


def _output_pairs(prepared: Prepared, frame: pd.DataFrame, kept: pd.DataFrame,
                  clustering: Clustering, model: Model, tables: dict[str, FrequencyTable],
                  config: LinkConfig) -> pd.DataFrame:
    """The scored pairs at or above the review threshold (`kept`, with their levels),
    explained; bridges demoted to review."""
    out = score_compared(prepared, kept, model, tables=tables, thresholds=config.thresholds,
                         explain=True)
    n = len(frame)
    bridge_keys = clustering.bridges[c.LEFT].to_numpy(np.int64) * n + clustering.bridges[
        c.RIGHT].to_numpy(np.int64)
    keys = out[c.LEFT].to_numpy(np.int64) * n + out[c.RIGHT].to_numpy(np.int64)
    out[c.BRIDGE] = np.isin(keys, bridge_keys)
    out.loc[out[c.BRIDGE], c.BAND] = "review"
    ids = frame[c.RECORD_ID].astype(str).to_numpy(dtype=object)
    out.insert(2, RECORD_ID_L, ids[out[c.LEFT].to_numpy()])
    out.insert(3, RECORD_ID_R, ids[out[c.RIGHT].to_numpy()])
    out["model"] = f"{model.name}@{model.version}"
    return out.sort_values([c.SCORE, RECORD_ID_L, RECORD_ID_R],
                           ascending=[False, True, True], ignore_index=True)


def _summary(frame: pd.DataFrame, pairs: pd.DataFrame, clusters: pd.DataFrame,
             model: Model, config: LinkConfig) -> dict[str, Any]:
    sizes = clusters[c.CLUSTER_ID].value_counts()
    issues = frame[c.ISSUES].explode().dropna() if c.ISSUES in frame else pd.Series([])
    return {
        "records": len(frame),
        "pairs": {"link": int((pairs[c.BAND] == "link").sum()),
                  "review": int((pairs[c.BAND] == "review").sum()),
                  "bridges": int(pairs[c.BRIDGE].sum())},
        "clusters": {"total": len(sizes), "singletons": int((sizes == 1).sum()),
                     "largest": int(sizes.max()) if len(sizes) else 0},
        "thresholds": {"link": config.thresholds.link, "review": config.thresholds.review},
        "model": {"name": model.name, "version": model.version, "prior": model.prior,
                  **model.trained_on},
        "invalid_values": {str(k): int(v) for k, v in issues.value_counts().items()},
    }


def link_normalised(frame: pd.DataFrame, *, model: Model = DEFAULT_MODEL,
                    config: LinkConfig = DEFAULT_CONFIG, decisions: pd.DataFrame | None = None,
                    previous: pd.Series | None = None, truth: pd.Series | None = None,
                    progress: Progress | None = None) -> LinkResult:
    """Link a normalised record frame into people.

    `decisions` has record_id_l, record_id_r and decision ('match' or 'non_match');
    `previous` maps record_id -> cluster_id from an earlier run; `truth` (record_id ->
    person) adds blocking pair completeness to the report.
    """
    frame = frame.reset_index(drop=True)
    report: dict[str, Any] = {}
    with _stage(report, "prepare", progress):
        prepared = prepare_records(frame)
        decided = decision_pairs(frame, decisions)
    # Past preparing, blocking reads its key columns and later stages the record ids and
    # issues: the other normalised values (display names, symbol sets: most of the
    # frame's memory at scale) are let go before the pairs are made.
    keys = frame[[col for col in BLOCKED_ON if col in frame]]
    frame = frame[[col for col in (c.RECORD_ID, c.ISSUES) if col in frame]]
    with _stage(report, "block", progress):
        blocking = candidate_pairs(keys, config.rules, max_bucket=config.max_bucket,
                                   workers=config.workers)
    del keys
    blocking_stats = blocking.stats
    with _stage(report, "compare", progress):
        compared = compare_pairs(prepared, blocking.pairs, model, workers=config.workers)
        # `compared` holds the same pairs in the same order, so the candidate frame is
        # not kept beside it (the truth metrics below read the pairs from `scored`).
        del blocking
    with _stage(report, "train", progress):
        tables = frequency_tables(prepared)  # built once: training and scoring read them
        model = _trained(prepared, compared, model, decided, config, tables)
    with _stage(report, "score", progress):
        scored = score_compared(prepared, compared, model, tables=tables,
                                thresholds=config.thresholds)
        del compared
        # Past scoring, only pairs at or above review need their levels (to be explained
        # in the output); the levels and weights of all pairs, most of the scored frame's
        # memory, are let go before clustering.
        kept = scored.loc[scored[c.SCORE] >= config.thresholds.review].reset_index(drop=True)
        scored = uncopied(scored, [c.LEFT, c.RIGHT, c.SCORE, c.BAND])
    with _stage(report, "cluster", progress):
        clustering = _cluster(prepared, scored, model, tables, decided, config)
        ids = assign_cluster_ids(frame[c.RECORD_ID], clustering.labels, previous)
        clusters = pd.DataFrame({c.RECORD_ID: frame[c.RECORD_ID].astype(str),
                                 c.CLUSTER_ID: ids.to_numpy()})
        pairs = _output_pairs(prepared, frame, kept, clustering, model, tables, config)
    report.update(_summary(frame, pairs, clusters, model, config))
    report["blocking"] = blocking_stats
    if truth is not None:
        record_ids = frame[c.RECORD_ID].astype(str).to_numpy(dtype=object)
        report["blocking"]["truth"] = blocking_metrics(
            pd.Series(record_ids[scored[c.LEFT].to_numpy()]),
            pd.Series(record_ids[scored[c.RIGHT].to_numpy()]),
            truth.set_axis(truth.index.astype(str)).reindex(record_ids))
    return LinkResult(pairs, clusters, model, report)


def _trained(prepared: Prepared, compared: pd.DataFrame, model: Model,
             decided: pd.DataFrame, config: LinkConfig,
             tables: dict[str, FrequencyTable]) -> Model:
    if config.train:
        model = train_model(prepared, compared, model, u_samples=config.u_samples,
                            seed=config.seed, tables=tables, workers=config.workers)
    if len(decided) and decided[DECISION].any():
        labelled = compare_pairs(prepared, decided, model)
        model = estimate_from_labels(labelled, decided[DECISION], model)
    return model


def link_records(frames: pd.DataFrame | list[pd.DataFrame], *, model: Model = DEFAULT_MODEL,
                 config: LinkConfig = DEFAULT_CONFIG, decisions: pd.DataFrame | None = None,
                 previous: pd.Series | None = None, truth: pd.Series | None = None,
                 progress: Progress | None = None) -> LinkResult:
    """Normalise raw interchange personnel frames (record_id unique across them) and link.

    A list passed in is emptied once read: a caller that keeps no other reference lets
    the raw frames be freed as soon as they are normalised (about 1 GB at 1M records).
    """
    if isinstance(frames, list):
        raw = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        frames.clear()
    else:
        raw = frames
    duplicated = raw[c.RECORD_ID].astype(str).duplicated()
    if duplicated.any():
        shown = ", ".join(raw.loc[duplicated, c.RECORD_ID].astype(str).unique()[:5])
        raise ValueError(f"record_id must be unique across inputs; repeated: {shown}")
    if progress is not None:
        progress("normalise")
    timings: dict[str, float] = {}
    # The normalised frame goes straight into the call, with no name here holding it:
    # link_normalised then drops its bulky columns once blocking is done, which frees
    # them only if nothing else refers to the frame.
    normalised = [_normalised(raw, timings, config.workers)]
    del raw
    result = link_normalised(normalised.pop(), model=model, config=config,
                             decisions=decisions, previous=previous, truth=truth,
                             progress=progress)
    result.report["timings"] = {**timings, **result.report["timings"]}
    return result


def _normalised(raw: pd.DataFrame, timings: dict[str, float], workers: int) -> pd.DataFrame:
    start = time.perf_counter()
    frame = normalise_records(raw.reset_index(drop=True), workers=workers)
    release_freed_memory()
    timings["normalise"] = round(time.perf_counter() - start, 3)
    return frame
