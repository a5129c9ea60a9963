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


WITHIN_NATIONALITY = "|" + c.NATIONALITY_N
_SEP = "\x1f"


def _nationality_keys(prepared: Prepared, key: str) -> pd.Series:
    """Per record "nationality<sep>value", missing where either is unknown."""
    values = pd.Series(prepared.arrays[key]).astype(str)
    nationality = pd.Series(prepared.arrays[c.NATIONALITY_N], dtype=object)
    keys = nationality + _SEP + values
    known = (nationality != "") & (values != "") & (values != "-1")
    return keys.where(known)


def frequency_tables(prepared: Prepared) -> dict[str, FrequencyTable]:
    """Frequency tables of the term-frequency fields, from the records themselves.

    Names and places cluster by country: two compatriots share a common name far more
    often than two random records do. So beside the overall table, each field gets a
    table of frequencies *within* each nationality ("<feature>|nationality_n"), used
    where both records have the same nationality: the nationality feature has already
    counted that agreement, and the name is then weighed against compatriots' names.
    """
    tables = {name: frequency_table(pd.Series(prepared.arrays[key]))
              for name, key in TF_KEYS.items()}
    for name in WITHIN_NATIONALITY_TF:
        keys = _nationality_keys(prepared, TF_KEYS[name]).dropna()
        if keys.empty:
            continue
        nationality = pd.Series(prepared.arrays[c.NATIONALITY_N], dtype=object)[keys.index]
        # Per key: its count over the count of its nationality (each key has one).
        counts = keys.value_counts(sort=False)
        of_key = pd.Series(nationality.to_numpy(), index=keys.to_numpy())
        of_key = of_key[~of_key.index.duplicated()].reindex(counts.index)
        per_nationality = nationality.value_counts(sort=False)
        within = counts / per_nationality.reindex(of_key.to_numpy()).to_numpy()
        tables[name + WITHIN_NATIONALITY] = FrequencyTable(
            within, tables[name].mean, tables[name].floor)
    return tables


WITHIN_NATIONALITY_TF = ("name", "place_of_birth")


def compare_pairs(prepared: Prepared, pairs: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Pairs with one int8 level column per model feature (-1 = null)."""
    left = pairs[c.LEFT].to_numpy(dtype=np.int64)
    right = pairs[c.RIGHT].to_numpy(dtype=np.int64)
    out = pairs[[c.LEFT, c.RIGHT]].reset_index(drop=True)
    for feature in model.features:
        out[level_column(feature.name)] = LEVEL_FUNCTIONS[feature.name](prepared, left, right)
    return out


def feature_weights(prepared: Prepared, compared: pd.DataFrame, feature: Feature,
                    tables: dict[str, FrequencyTable], model: Model) -> NDArray[np.float32]:
    """Weight of one feature per pair: level weight plus any term-frequency adjustment."""
    index = compared[level_column(feature.name)].to_numpy(dtype=np.intp) + 1
    weights = model.level_weights(feature)[index]
    adjusted = np.array([False] + [lv.tf for lv in feature.levels])  # by level + 1
    if feature.tf_adjustment and adjusted.any() and feature.name in tables:
        rows = np.flatnonzero(adjusted[index])
        left = compared[c.LEFT].to_numpy()[rows]
        right = compared[c.RIGHT].to_numpy()[rows]
        table = tables[feature.name]
        # Looked up once per record (far fewer than pairs), then gathered per pair.
        per_record = lookup(table, pd.Series(prepared.arrays[TF_KEYS[feature.name]]))
        freq_l, freq_r = per_record[left], per_record[right]
        within = tables.get(feature.name + WITHIN_NATIONALITY)
        if within is not None:
            nationality = prepared.arrays[c.NATIONALITY_N + "_code"]
            same = (nationality[left] == nationality[right]) & (nationality[left] >= 0)
            per_record = lookup(within, _nationality_keys(prepared, TF_KEYS[feature.name]))
            freq_l[same] = per_record[left[same]]
            freq_r[same] = per_record[right[same]]
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
        weights = feature_weights(prepared, compared, feature, tables, model)
        total += weights
        if explain:
            out[weight_column(feature.name)] = weights
    out[c.WEIGHT] = total
    out[c.SCORE] = (1.0 / (1.0 + np.exp2(-total.astype(np.float64)))).astype(np.float32)
    # The band follows the probability alone. Whether a link may carry a vetting `hit`
    # without an analyst (a strong identifier must agree) is an outcome rule of the
    # registry, not a reason to hide a near-certain pair from the link band.
    out[c.BAND] = band(out[c.SCORE].to_numpy(), thresholds)
    return out


def score_pairs(prepared: Prepared, pairs: pd.DataFrame, model: Model, *,
                tables: dict[str, FrequencyTable] | None = None,
                thresholds: Thresholds = DEFAULT_THRESHOLDS, explain: bool = True) -> pd.DataFrame:
    """Compare and score candidate pairs (LEFT < RIGHT positions in `prepared`)."""
    compared = compare_pairs(prepared, pairs, model)
    return score_compared(prepared, compared, model, tables=tables, thresholds=thresholds,
                          explain=explain)
