"""Re-estimating the scoring model from analysts' decisions, judged on a held-back share.

Each decided pair keeps the comparison levels the engine stored in its explanation, so
training needs no re-comparison. A pair is held back when a hash of its id falls in the
held-back share: deterministic, and a pair stays on its side as decisions accumulate.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from linkage import Model, estimate_from_labels, level_column
from registry.errors import InvalidInput
from registry.linking.model_store import active_model, store_model
from registry.models import LinkageModel, MatchCandidate, ReviewDecision


@dataclass(frozen=True)
class Quality:
    """Precision and recall of `score >= threshold` against analysts' labels."""

    precision: float
    recall: float
    pairs: int

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Retrained:
    """The old and new model, the split sizes and the held-back figures."""

    before: Model
    after: Model
    trained_on: int
    held_back: int
    quality: dict[str, tuple[Quality, Quality]]  # threshold name -> (before, after)


def labelled_pairs(session: Session) -> list[tuple[int, bool, list[dict[str, Any]]]]:
    """(candidate id, same person?, explanation) from standing same/different decisions."""
    query = (
        select(MatchCandidate.id, ReviewDecision.decision, MatchCandidate.explanation)
        .join(ReviewDecision, ReviewDecision.candidate_id == MatchCandidate.id)
        .where(
            ReviewDecision.superseded_by_id.is_(None),
            ReviewDecision.decision.in_(("same", "different")),
        )
        .order_by(MatchCandidate.id)
    )
    return [(int(i), d == "same", list(e or [])) for i, d, e in session.execute(query)]


def held_back(candidate_id: int, share: float) -> bool:
    """Whether the pair belongs to the held-back share (stable per id)."""
    digest = hashlib.sha256(f"holdout:{candidate_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def level_frame(explanations: list[list[dict[str, Any]]], model: Model) -> pd.DataFrame:
    """One int8 level column per model feature (-1 where unknown), from stored explanations."""
    columns: dict[str, list[int]] = {level_column(f.name): [] for f in model.features}
    for explanation in explanations:
        by_field = {str(e.get("field")): str(e.get("level")) for e in explanation}
        for feature in model.features:
            labels = [lv.label for lv in feature.levels]
            label = by_field.get(feature.name)
            columns[level_column(feature.name)].append(
                labels.index(label) if label in labels else -1
            )
    return pd.DataFrame({k: np.asarray(v, dtype=np.int8) for k, v in columns.items()})


def probabilities(levels: pd.DataFrame, model: Model) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Match probability per pair from its levels (no term-frequency adjustment)."""
    total = np.full(len(levels), model.prior_weight, dtype=np.float64)
    for feature in model.features:
        index = levels[level_column(feature.name)].to_numpy(dtype=np.int64) + 1
        # The model's weights, so a level that implies another (an issuer match implies the
        # nationality agrees) is not counted twice.
        total += model.level_weights(feature).astype(np.float64)[index]
    return np.asarray(1.0 / (1.0 + np.exp2(-total)), dtype=np.float64)


def quality(
    scores: np.ndarray[Any, Any], labels: np.ndarray[Any, Any], threshold: float
) -> Quality:
    """Precision and recall of predicting `same` at `threshold`."""
    predicted = scores >= threshold
    hits = int((predicted & labels).sum())
    precision = hits / int(predicted.sum()) if predicted.any() else math.nan
    recall = hits / int(labels.sum()) if labels.any() else math.nan
    return Quality(precision, recall, len(labels))


def retrain(
    session: Session, thresholds: dict[str, float], *, share: float = 0.2, store: bool = True
) -> Retrained:
    """Re-estimate m from decisions outside the held-back share and compare on the rest."""
    pairs = labelled_pairs(session)
    if not pairs:
        raise InvalidInput("no same/different decisions yet: nothing to learn from")
    before = active_model(session)
    levels = level_frame([e for _, _, e in pairs], before)
    labels = np.array([same for _, same, _ in pairs], dtype=bool)
    test = np.array([held_back(cid, share) for cid, _, _ in pairs], dtype=bool)
    after = estimate_from_labels(levels[~test].reset_index(drop=True), labels[~test], before)
    after = _new_version(session, after)
    scores = [probabilities(levels[test], m) for m in (before, after)]
    figures = {
        name: (quality(scores[0], labels[test], t), quality(scores[1], labels[test], t))
        for name, t in thresholds.items()
    }
    if store:
        store_model(session, after, activate=True)
    return Retrained(before, after, int((~test).sum()), int(test.sum()), figures)


def _new_version(session: Session, model: Model) -> Model:
    """`model` under a fresh version name (stored models are never overwritten)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    version, n = f"labels-{stamp}", 1
    while session.scalar(
        select(LinkageModel.id).where(
            LinkageModel.name == model.name, LinkageModel.version == version
        )
    ):
        n += 1
        version = f"labels-{stamp}-{n}"
    return Model(model.features, model.prior, model.name, version, model.trained_on)
