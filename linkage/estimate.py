"""Estimating m and u without labels (u by random sampling, m by EM) and from labels.

u — how often non-matches land on each level — comes from random record pairs,
which are almost all non-matches. m — the same for matches — and the prior are
found by expectation-maximisation over the candidate pairs with u held fixed.
Both are smoothed towards the current model's values, so small data moves the
model a little and large data a lot, and an unseen level never gets an
infinite weight.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c
from linkage.features import Prepared
from linkage.model import Model
from linkage.scoring import compare_pairs, level_column

log = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
M_PSEUDO_PAIRS = 50.0  # prior strength of the current m, in matched pairs
U_PSEUDO_PAIRS = 10_000.0  # least prior strength of the current u, in random pairs
MIN_EM_PAIRS = 200
# Candidate non-matches resemble each other more than random pairs do, so EM over-counts
# matches among them; never assume a pair is likelier a match than not before comparing.
MAX_PRIOR = 0.5


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
        encoded = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
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
               seed: int = 0) -> Model:
    """Model with u from random pairs, smoothed towards the current u.

    The current u counts as much as the sample (and at least U_PSEUDO_PAIRS), so a level
    never seen among random pairs moves at most one bit and tiny data barely moves it.
    """
    pairs = sample_pairs(len(prepared), samples, seed)
    levels = _level_matrix(compare_pairs(prepared, pairs, model), model)
    ones = np.ones(len(pairs))
    u = {f.name: _smoothed(_level_counts(levels[:, i], ones, len(f.levels)),
                           [lv.u for lv in f.levels], max(float(len(pairs)), U_PSEUDO_PAIRS))
         for i, f in enumerate(model.features)}
    return model.with_probabilities({}, u, u_pairs=len(pairs))


def _patterns(levels: NDArray[np.int8]) -> tuple[NDArray[np.int8], FloatArray]:
    """Distinct rows of the level matrix and how often each occurs."""
    patterns, counts = np.unique(levels, axis=0, return_counts=True)
    return patterns, counts.astype(np.float64)


def _log_likelihoods(patterns: NDArray[np.int8], model: Model,
                     fixed: tuple[str, ...] = ()) -> tuple[FloatArray, FloatArray]:
    """log2 P(pattern | match) and log2 P(pattern | non-match); nulls and `fixed` give 0."""
    log_m = np.zeros(len(patterns))
    log_u = np.zeros(len(patterns))
    for i, feature in enumerate(model.features):
        if feature.name in fixed:
            continue
        m = np.log2([1.0] + [lv.m for lv in feature.levels])
        u = np.log2([1.0] + [lv.u for lv in feature.levels])
        log_m += m[patterns[:, i].astype(np.int64) + 1]
        log_u += u[patterns[:, i].astype(np.int64) + 1]
    return log_m, log_u


def _em_step(patterns: NDArray[np.int8], counts: FloatArray, model: Model,
             fixed: tuple[str, ...] = ()) -> Model:
    log_m, log_u = _log_likelihoods(patterns, model, fixed)
    odds = model.prior_weight + log_m - log_u
    posterior = 1.0 / (1.0 + np.exp2(-np.clip(odds, -60, 60)))
    matched = counts * posterior
    m = {f.name: _smoothed(_level_counts(patterns[:, i], matched, len(f.levels)),
                           [lv.m for lv in f.levels], M_PSEUDO_PAIRS)
         for i, f in enumerate(model.features) if f.name not in fixed}
    prior = (matched.sum() + M_PSEUDO_PAIRS * model.prior) / (counts.sum() + M_PSEUDO_PAIRS)
    return model.with_probabilities(m, {}, prior=float(np.clip(prior, 1e-6, MAX_PRIOR)))


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
    iterations = 0
    while iterations < max_iter:
        iterations += 1
        updated = _em_step(patterns, counts, model, fixed)
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
                  max_pairs: int = 1_000_000, seed: int = 0) -> pd.DataFrame:
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


def _average_m(model: Model, sessions: list[tuple[str, Model]]) -> Model:
    """Per feature, the mean m over the sessions that estimated it."""
    m = {}
    for feature in model.features:
        found = [np.array([lv.m for lv in trained.feature(feature.name).levels])
                 for fixed, trained in sessions if fixed != feature.name]
        if found:
            m[feature.name] = [float(v) for v in np.mean(found, axis=0)]
    return model.with_probabilities(m, {})


def estimate_prior(compared: pd.DataFrame, model: Model, *, max_iter: int = 100) -> Model:
    """Model with the prior (match share among candidate pairs) fitted by EM, m/u fixed."""
    if len(compared) < MIN_EM_PAIRS:
        return model
    patterns, counts = _patterns(_level_matrix(compared, model))
    log_m, log_u = _log_likelihoods(patterns, model)
    prior = model.prior
    for _ in range(max_iter):
        odds = np.log2(prior / (1 - prior)) + log_m - log_u
        posterior = 1.0 / (1.0 + np.exp2(-np.clip(odds, -60, 60)))
        prior = float(np.clip((counts * posterior).sum() / counts.sum(), 1e-6, MAX_PRIOR))
    return model.with_probabilities({}, {}, prior=prior)


def train_model(prepared: Prepared, compared: pd.DataFrame, model: Model, *,
                u_samples: int = 1_000_000, seed: int = 0) -> Model:
    """u from random pairs; m by EM in sessions of pairs sharing one field, that field
    left out (so selection does not bias it); then the prior over the candidate pairs."""
    model = estimate_u(prepared, model, samples=u_samples, seed=seed)
    sessions = []
    for feature, key in TRAINING_SESSIONS:
        pairs = session_pairs(prepared, key, seed=seed)
        if len(pairs) >= MIN_EM_PAIRS:
            compared_session = compare_pairs(prepared, pairs, model)
            sessions.append((feature, expectation_maximisation(
                compared_session, model, fixed=(feature,), seed=seed)))
    model = _average_m(model, sessions)
    return estimate_prior(compared, model).with_probabilities(
        {}, {}, em_sessions=[f for f, _ in sessions])


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
