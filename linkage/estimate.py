"""Estimating m and u without labels (u by random sampling, m by EM) and from labels.

u — how often non-matches land on each level — comes from random record pairs,
which are almost all non-matches. m — the same for matches — is found by
expectation-maximisation with u held fixed, in training sessions of pairs that
share one field, that field left out (so the selection does not bias it). The
prior — the chance that two random records match, the population u describes —
is then the expected number of matches among the candidate pairs over all pairs.
m and u are smoothed towards the starting model's values, so small data moves
the model a little and large data a lot, and an unseen level never gets an
infinite weight.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c
from linkage import parallel
from linkage.features import Prepared
from linkage.frequency import FrequencyTable
from linkage.model import Feature, Model
from linkage.scoring import (
    chunk_weigher,
    compare_pairs,
    frequency_tables,
    level_column,
    pair_chunks,
)

log = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
M_PSEUDO_PAIRS = 50.0  # prior strength of the starting m, in matched pairs
U_PSEUDO_PAIRS = 10_000.0  # prior strength of the starting u, in random pairs
MIN_EM_PAIRS = 200
SESSION_PRIOR = 0.1  # starting match share among pairs sharing a date or an identifier
MAX_SESSION_PRIOR = 0.99
SESSION_PAIRS = 250_000  # pairs per training session: plenty for a few dozen m values


def sample_pairs(n: int, size: int, seed: int = 0) -> pd.DataFrame:
    """Up to `size` distinct random pairs of positions in [0, n), LEFT < RIGHT."""
    total = n * (n - 1) // 2
    if total <= size:
        left, right = np.triu_indices(n, k=1)
    else:
        rng = np.random.default_rng(seed)
        a = rng.integers(0, n, size=size, dtype=np.int64)
        b = rng.integers(0, n - 1, size=size, dtype=np.int64)
        b += b >= a  # uniform over b != a
        # Sorting and dropping repeats: numpy's hash-based unique is far slower here.
        encoded = np.sort(np.minimum(a, b) * n + np.maximum(a, b))
        encoded = encoded[np.r_[True, encoded[1:] != encoded[:-1]]]
        left, right = encoded // n, encoded % n
    return pd.DataFrame({c.LEFT: left.astype(np.int32), c.RIGHT: right.astype(np.int32)})


def _level_matrix(compared: pd.DataFrame, model: Model) -> NDArray[np.int8]:
    return np.column_stack([compared[level_column(f.name)].to_numpy(dtype=np.int8)
                            for f in model.features])


def _level_counts(levels: NDArray[np.int8], weights: FloatArray, size: int) -> FloatArray:
    """Weighted count of each level 0..size-1 (nulls ignored)."""
    present = levels >= 0
    counts = np.bincount(levels[present].astype(np.int64), weights=weights[present],
                         minlength=size)[:size]
    return np.asarray(counts, dtype=np.float64)


def _smoothed(counts: FloatArray, prior: list[float], strength: float) -> list[float]:
    probs = (counts + strength * np.asarray(prior)) / (counts.sum() + strength)
    return [float(p) for p in np.maximum(probs, 1e-9)]


def estimate_u(prepared: Prepared, model: Model, *, samples: int = 1_000_000,
               seed: int = 0, workers: int = 1) -> Model:
    """Model with u from random pairs, smoothed towards the current u.

    The current u counts as U_PSEUDO_PAIRS random pairs: a sample of a million decides,
    a tiny one barely moves it, and a level never seen keeps a finite weight.
    """
    pairs = sample_pairs(len(prepared), samples, seed)
    levels = _level_matrix(compare_pairs(prepared, pairs, model, workers=workers), model)
    ones = np.ones(len(pairs))
    u = {f.name: _smoothed(_level_counts(levels[:, i], ones, len(f.levels)),
                           [lv.u for lv in f.levels], U_PSEUDO_PAIRS)
         for i, f in enumerate(model.features)}
    return model.with_probabilities({}, u, u_pairs=len(pairs))


def _patterns(levels: NDArray[np.int8]) -> tuple[NDArray[np.int8], FloatArray]:
    """Distinct rows of the level matrix and how often each occurs."""
    # One integer per row (levels + 1 < 16, four bits each) sorts far faster than rows.
    shifts = np.arange(levels.shape[1], dtype=np.uint64) * np.uint64(4)
    keys = ((levels.astype(np.int64) + 1).astype(np.uint64) << shifts).sum(
        axis=1, dtype=np.uint64)
    _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    return levels[first], counts.astype(np.float64)


def _log_likelihoods(patterns: NDArray[np.int8], model: Model,
                     fixed: tuple[str, ...] = ()) -> tuple[FloatArray, FloatArray]:
    """log2 P(pattern | match) and log2 P(pattern | non-match); nulls and `fixed` give 0."""
    log_m = np.zeros(len(patterns))
    log_u = np.zeros(len(patterns))
    for i, feature in enumerate(model.features):
        if feature.name in fixed:
            continue
        m, u = model.log_probabilities(feature)
        log_m += m[patterns[:, i].astype(np.int64) + 1]
        log_u += u[patterns[:, i].astype(np.int64) + 1]
    return log_m, log_u


def _em_step(patterns: NDArray[np.int8], counts: FloatArray, model: Model, start: Model,
             fixed: tuple[str, ...] = ()) -> Model:
    """One EM iteration; m is smoothed towards the *starting* m, so the pseudo-counts keep
    their weight instead of fading over the iterations."""
    log_m, log_u = _log_likelihoods(patterns, model, fixed)
    odds = model.prior_weight + log_m - log_u
    posterior = 1.0 / (1.0 + np.exp2(-np.clip(odds, -60, 60)))
    matched = counts * posterior
    m = {f.name: _smoothed(_level_counts(patterns[:, i], matched, len(f.levels)),
                           [lv.m for lv in start.feature(f.name).levels], M_PSEUDO_PAIRS)
         for i, f in enumerate(model.features) if f.name not in fixed}
    prior = matched.sum() / counts.sum()
    return model.with_probabilities(m, {}, prior=float(np.clip(prior, 1e-6,
                                                               MAX_SESSION_PRIOR)))


def expectation_maximisation(compared: pd.DataFrame, model: Model, *, max_iter: int = 60,
                             tolerance: float = 1e-5, max_pairs: int = 2_000_000,
                             fixed: tuple[str, ...] = (), seed: int = 0) -> Model:
    """Model with m and prior fitted by EM to compared pairs' levels (u held fixed).

    Features in `fixed` (those the pairs were selected on) are left out entirely.
    """
    if len(compared) < MIN_EM_PAIRS:
        log.info("EM skipped: %d candidate pairs", len(compared))
        return model
    if len(compared) > max_pairs:
        rows = np.random.default_rng(seed).choice(len(compared), max_pairs, replace=False)
        compared = compared.iloc[np.sort(rows)]
    patterns, counts = _patterns(_level_matrix(compared, model))
    start, iterations = model, 0
    while iterations < max_iter:
        iterations += 1
        updated = _em_step(patterns, counts, model, start, fixed)
        change = max(abs(a.m - b.m) for fa, fb in zip(updated.features, model.features,
                                                      strict=True)
                     for a, b in zip(fa.levels, fb.levels, strict=True))
        model = updated
        if change < tolerance:
            break
    log.info("EM: %d iterations, prior %.4f", iterations, model.prior)
    return model.with_probabilities({}, {}, em_pairs=len(compared), em_iterations=iterations)


# (feature, record-level code) pairs sharing that code form one training session.
# Sharing a name is no good selector: common names give sessions full of different people
# that EM mistakes for matches. Strong identifiers and full birth dates are.
TRAINING_SESSIONS: tuple[tuple[str, str], ...] = (
    ("date_of_birth", "dob"), ("passport", c.PASSPORT_N + "_code"),
    ("national_id", c.NATIONAL_ID_N + "_code"), ("service_number", c.SERVICE_N + "_code"),
)


def session_pairs(prepared: Prepared, key: str, *, max_bucket: int = 50,
                  max_pairs: int = SESSION_PAIRS, seed: int = 0) -> pd.DataFrame:
    """Random pairs among records sharing a present code (full dates only for "dob")."""
    from linkage.blocking import _pairs_in_buckets

    codes = prepared.arrays[key].astype(np.int64)
    usable = codes >= 0
    if key == "dob":
        usable &= (codes % 100 > 0) & (codes // 100 % 100 > 0)
    positions = np.flatnonzero(usable)
    _, inverse, sizes = np.unique(codes[positions], return_inverse=True, return_counts=True)
    keep = sizes[inverse] <= max_bucket
    n = len(prepared)
    encoded = _pairs_in_buckets(positions[keep].astype(np.int64), inverse[keep], n)
    if len(encoded) > max_pairs:
        encoded = np.sort(np.random.default_rng(seed).choice(encoded, max_pairs, replace=False))
    return pd.DataFrame({c.LEFT: encoded // n, c.RIGHT: encoded % n})


@dataclass(frozen=True)
class Session:
    """One training session: the field its pairs share, its fitted model, and per feature
    how many of its pairs are (expected) matches with that feature present on both sides."""

    field: str
    model: Model
    evidence: dict[str, float]
    fixed: tuple[str, ...] = ()  # the features left out: `field` and what it implies

    @property
    def selects_on_identifier(self) -> bool:
        """Pairs sharing a passport, national id or service number are almost all matches."""
        return self.field in IDENTIFIER_FEATURES


IDENTIFIER_FEATURES = ("passport", "national_id", "service_number")
MIN_CLEAN_EVIDENCE = 200.0  # expected matched pairs that make identifier sessions enough


def _implied(model: Model, feature: str) -> tuple[str, ...]:
    """Features some level of `feature` implies a level of (its issuer's nationality):
    a shared value implies they agree, so pairs selected on it say nothing unbiased
    about them. Each feature is named once, however many levels imply it."""
    if feature not in {f.name for f in model.features}:
        return ()
    return tuple(sorted({lv.implies.partition("=")[0]
                         for lv in model.feature(feature).levels if lv.implies}))


def _session(compared: pd.DataFrame, fixed: tuple[str, ...], start: Model,
             seed: int) -> Session:
    """EM over one session's pairs, `fixed[0]` the field they share; `fixed` left out."""
    fitted = expectation_maximisation(compared, start, fixed=fixed, seed=seed)
    patterns, counts = _patterns(_level_matrix(compared, fitted))
    log_m, log_u = _log_likelihoods(patterns, fitted, fixed)
    matched = counts / (1.0 + np.exp2(-np.clip(fitted.prior_weight + log_m - log_u, -60, 60)))
    evidence = {f.name: float(matched[patterns[:, i] >= 0].sum())
                for i, f in enumerate(fitted.features) if f.name not in fixed}
    return Session(fixed[0], fitted, evidence, fixed)


def _pooled(feature: str, sessions: list[Session]) -> list[float] | None:
    """m of one feature pooled over `sessions` by their evidence (None if they have none)."""
    found = [s for s in sessions if feature in s.evidence]
    weights = np.array([s.evidence[feature] for s in found])
    if not found or weights.sum() <= 0:
        return None
    estimates = np.array([[lv.m for lv in s.model.feature(feature).levels] for s in found])
    return [float(v) for v in weights @ estimates / weights.sum()]


def _resplit(feature: Feature, m: list[float], used: list[Session],
             sessions: list[Session]) -> list[float]:
    """m with the split among the levels from the first that implies another feature's
    level onwards taken from sessions that did not leave that feature out.

    A number "different, same issuer" implies the same nationality, "different, other
    issuer" a different one, and "different" holds the pairs with a nationality unknown.
    Sessions selected on a shared identifier are all compatriots (nationality is left
    out of them for that reason), so among their differing numbers almost none can come
    from another issuer: on generated data they put m(passport different) at 0.014 where
    the matches show 0.09, about 2.7 bits too much evidence against a renewed or second
    passport. How often the numbers differ at all is still theirs to say; only the split
    is taken elsewhere. The levels split may imply different levels of one feature (as
    here nationality=0 and nationality=1) and need not be adjacent: every level from the
    first implying one on is split, those between them included. m stays a joint
    probability; `Model.log_probabilities` conditions it on the implied level.
    """
    first = next((i for i, lv in enumerate(feature.levels) if lv.implies), None)
    if first is None:
        return m
    implied = {lv.implies.partition("=")[0] for lv in feature.levels if lv.implies}
    if not any(implied & set(s.fixed) for s in used):
        return m
    others = [s for s in sessions if feature.name in s.evidence and not implied & set(s.fixed)]
    split = _pooled(feature.name, others)
    if split is None or sum(s.evidence[feature.name] for s in others) < MIN_CLEAN_EVIDENCE:
        return m
    share = np.asarray(split[first:]) / sum(split[first:])
    return [*m[:first], *(float(v) for v in share * sum(m[first:]))]


def _combined_m(model: Model, sessions: list[Session]) -> Model:
    """Per feature, m pooled over the sessions that estimated it, by their evidence.

    Sessions selected on a shared strong identifier hold almost no non-matches, so their
    m is clean; a session of shared birth dates is full of namesakes and compatriots,
    whose correlated agreement (nationality, name tokens, identifier issuer) EM partly
    mistakes for matches. Its estimates are used only for features the identifier
    sessions saw too rarely, and for the one split they cannot see (`_resplit`).
    """
    m = {}
    for feature in model.features:
        found = [s for s in sessions if feature.name in s.evidence]
        clean = [s for s in found if s.selects_on_identifier]
        if sum(s.evidence[feature.name] for s in clean) >= MIN_CLEAN_EVIDENCE:
            found = clean
        pooled = _pooled(feature.name, found)
        if pooled is not None:
            m[feature.name] = _resplit(feature, pooled, found, sessions)
    return model.with_probabilities(m, {})


def estimate_prior(prepared: Prepared, compared: pd.DataFrame, model: Model, *,
                   tables: dict[str, FrequencyTable] | None = None,
                   max_iter: int = 200, workers: int = 1) -> Model:
    """Model with the prior fitted to the candidate pairs, m and u fixed.

    The prior is the match probability of two random records: the expected number of
    matches, summed over the candidate pairs (pairs blocking left out are taken as
    non-matches), over all n(n-1)/2 pairs. A prior over candidate pairs instead would
    count the agreement blocking selected on twice, once through the prior and once
    through the weights, and make every score over-confident.
    """
    n = len(prepared)
    total = n * (n - 1) / 2
    if len(compared) == 0 or total <= 0:
        return model
    tables = frequency_tables(prepared) if tables is None else tables
    # Weights to the nearest 1/64 bit: a few thousand distinct values to iterate over.
    # Summed a chunk of pairs at a time as int32 sixty-fourths (exact: weights are far
    # below 2**25 bits) and counted per chunk, so no array over all pairs is held (nor
    # sorted): only each chunk's distinct values and counts, combined at the end.
    # Chunks are independent numpy work (releasing the GIL), weighed on `workers` threads;
    # the per-chunk counts come back in chunk order, and their sum does not depend on it.
    weigh = chunk_weigher(prepared, compared, model, tables)

    def counted(rows: slice) -> tuple[NDArray[np.int32], NDArray[np.int64]]:
        weights = np.zeros(rows.stop - rows.start, dtype=np.float64)
        for weight in weigh(rows):
            weights += weight
        return np.unique(np.round(weights * 64.0).astype(np.int32), return_counts=True)

    found = parallel.run_each(counted, list(pair_chunks(len(compared))), workers)
    values, counts = _combined_counts(found)
    binned = values.astype(np.float64) / 64.0
    prior = model.prior
    for _ in range(max_iter):
        odds = math.log2(prior / (1.0 - prior)) + binned
        matches = float((counts / (1.0 + np.exp2(-np.clip(odds, -60, 60)))).sum())
        updated = min(max(matches / total, 1e-12), 0.5)
        if abs(updated - prior) <= 1e-4 * prior:
            prior = updated
            break
        prior = updated
    return model.with_probabilities({}, {}, prior=prior, expected_matches=round(prior * total))


def _combined_counts(parts: list[tuple[NDArray[np.int32], NDArray[np.int64]]]
                     ) -> tuple[NDArray[np.int32], NDArray[np.int64]]:
    """Distinct values (ascending) and total counts from per-chunk (values, counts)."""
    values, inverse = np.unique(np.concatenate([v for v, _ in parts]), return_inverse=True)
    counts = np.zeros(len(values), dtype=np.int64)
    np.add.at(counts, inverse.ravel(), np.concatenate([n for _, n in parts]))
    return values, counts


def train_model(prepared: Prepared, compared: pd.DataFrame, model: Model, *,
                u_samples: int = 1_000_000, seed: int = 0,
                tables: dict[str, FrequencyTable] | None = None, workers: int = 1) -> Model:
    """u from random pairs; m by EM in sessions of pairs sharing one field, that field
    left out (so selection does not bias it); then the prior over the candidate pairs.

    `tables` (frequency_tables(prepared)) may be passed by a caller that needs them
    again: they take seconds to build at a million records. `workers` threads compare
    and weigh pairs; the model is the same for any number."""
    model = estimate_u(prepared, model, samples=u_samples, seed=seed, workers=workers)
    session_start = replace(model, prior=SESSION_PRIOR)
    sessions = []
    for feature, key in TRAINING_SESSIONS:
        pairs = session_pairs(prepared, key, seed=seed)
        if len(pairs) >= MIN_EM_PAIRS:
            sessions.append(_session(compare_pairs(prepared, pairs, model, workers=workers),
                                     (feature, *_implied(model, feature)), session_start, seed))
    model = _combined_m(model, sessions)
    return estimate_prior(prepared, compared, model, tables=tables,
                          workers=workers).with_probabilities(
        {}, {}, em_sessions={s.field: round(sum(s.evidence.values()) / max(
            len(s.evidence), 1)) for s in sessions})


def estimate_from_labels(pairs_with_levels: pd.DataFrame, labels: pd.Series | NDArray[np.bool_],
                         model: Model, *, strength: float = 20.0) -> Model:
    """Model with m re-estimated from analysts' decisions (True = same person).

    Confirmed matches give m directly. Rejected pairs are hard cases picked by the
    engine, not random non-matches, so u keeps its random-sample estimate.
    """
    matched = np.asarray(labels, dtype=bool)
    levels = _level_matrix(pairs_with_levels, model)
    weights = matched.astype(np.float64)
    m = {f.name: _smoothed(_level_counts(levels[:, i], weights, len(f.levels)),
                           [lv.m for lv in f.levels], strength)
         for i, f in enumerate(model.features)}
    return model.with_probabilities(m, {}, labelled_matches=int(matched.sum()),
                                    labelled_non_matches=int((~matched).sum()))
