"""Fellegi-Sunter scoring of candidate pairs, with per-feature explanations.

Every scored pair keeps its level per feature (int8) and, when explained, its
weight per feature (float32): the waterfall an analyst sees. The match weight
is the prior log-odds plus the feature weights; the score is its probability.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c
from linkage.features import LEVEL_FUNCTIONS, TF_KEYS, Prepared
from linkage.frequency import FrequencyTable, frequency_table, lookup, tf_adjustment
from linkage.model import Feature, Model

BANDS = ("", "review", "link")


@dataclass(frozen=True)
class Thresholds:
    """Match-probability cut-offs: `link` merges automatically, `review` asks an analyst."""

    link: float = 0.95
    review: float = 0.30

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.link <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= review <= link <= 1")


DEFAULT_THRESHOLDS = Thresholds()


def level_column(feature: str) -> str:
    """Name of the level column of a feature."""
    return feature + c.LEVEL_SUFFIX


def weight_column(feature: str) -> str:
    """Name of the weight column of a feature."""
    return feature + c.WEIGHT_SUFFIX


def frequency_tables(prepared: Prepared) -> dict[str, FrequencyTable]:
    """Frequency tables of the term-frequency fields, from the records themselves."""
    return {name: frequency_table(pd.Series(prepared.arrays[key]))
            for name, key in TF_KEYS.items()}


def compare_pairs(prepared: Prepared, pairs: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Pairs with one int8 level column per model feature (-1 = null)."""
    left = pairs[c.LEFT].to_numpy(dtype=np.int64)
    right = pairs[c.RIGHT].to_numpy(dtype=np.int64)
    out = pairs[[c.LEFT, c.RIGHT]].reset_index(drop=True)
    for feature in model.features:
        out[level_column(feature.name)] = LEVEL_FUNCTIONS[feature.name](prepared, left, right)
    return out


def feature_weights(prepared: Prepared, compared: pd.DataFrame, feature: Feature,
                    tables: dict[str, FrequencyTable]) -> NDArray[np.float32]:
    """Weight of one feature per pair: level weight plus any term-frequency adjustment."""
    levels = compared[level_column(feature.name)].to_numpy(dtype=np.int64)
    weights = feature.weights()[levels + 1]
    tf_levels = [i for i, lv in enumerate(feature.levels) if lv.tf]
    if feature.tf_adjustment and tf_levels and feature.name in tables:
        rows = np.flatnonzero(np.isin(levels, tf_levels))
        table = tables[feature.name]
        values = prepared.arrays[TF_KEYS[feature.name]]
        freq_l = lookup(table, pd.Series(values[compared[c.LEFT].to_numpy()[rows]]))
        freq_r = lookup(table, pd.Series(values[compared[c.RIGHT].to_numpy()[rows]]))
        weights[rows] += feature.tf_adjustment * tf_adjustment(freq_l, freq_r, table.mean)
    return np.asarray(weights, dtype=np.float32)


def band(scores: NDArray[np.float32], thresholds: Thresholds) -> pd.Categorical:
    """'link', 'review' or '' per score."""
    codes = (scores >= thresholds.review).astype(np.int8) + (scores >= thresholds.link)
    return pd.Categorical.from_codes(cast(Sequence[int], codes), categories=pd.Index(BANDS))


def score_compared(prepared: Prepared, compared: pd.DataFrame, model: Model, *,
                   tables: dict[str, FrequencyTable] | None = None,
                   thresholds: Thresholds = DEFAULT_THRESHOLDS,
                   explain: bool = False) -> pd.DataFrame:
    """Add match weight, score and band (and per-feature weights when `explain`)."""
    tables = frequency_tables(prepared) if tables is None else tables
    total = np.full(len(compared), model.prior_weight, dtype=np.float32)
    out = compared
    for feature in model.features:
        weights = feature_weights(prepared, compared, feature, tables)
        total += weights
        if explain:
            out[weight_column(feature.name)] = weights
    out[c.WEIGHT] = total
    out[c.SCORE] = (1.0 / (1.0 + np.exp2(-total.astype(np.float64)))).astype(np.float32)
    out[c.BAND] = band(out[c.SCORE].to_numpy(), thresholds)
    out.loc[_needs_review(out) & (out[c.BAND] == "link"), c.BAND] = "review"
    return out


WEAK_NAME_LEVEL = 7  # "one token in common" and worse
STRONG_IDENTIFIERS = ("passport", "national_id", "service_number")


def _needs_review(compared: pd.DataFrame) -> NDArray[np.bool_]:
    """Pairs no automatic link may rest on: names barely agree and no strong identifier does.

    Twins and siblings share a family name and often a birth date; only a human
    should join such records unless a passport, national id or service number agrees.
    """
    name = compared.get(level_column("name"))
    if name is None:
        return np.zeros(len(compared), dtype=bool)
    weak = (name.to_numpy() >= WEAK_NAME_LEVEL) | (name.to_numpy() < 0)
    for feature in STRONG_IDENTIFIERS:
        levels = compared.get(level_column(feature))
        if levels is not None:
            weak &= levels.to_numpy() != 0
    return np.asarray(weak, dtype=bool)


def score_pairs(prepared: Prepared, pairs: pd.DataFrame, model: Model, *,
                tables: dict[str, FrequencyTable] | None = None,
                thresholds: Thresholds = DEFAULT_THRESHOLDS, explain: bool = True) -> pd.DataFrame:
    """Compare and score candidate pairs (LEFT < RIGHT positions in `prepared`)."""
    compared = compare_pairs(prepared, pairs, model)
    return score_compared(prepared, compared, model, tables=tables, thresholds=thresholds,
                          explain=explain)
