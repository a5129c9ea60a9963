"""Row-wise feature weights: scoring.feature_weigher for one query and its candidates,
by the same numpy float32 operations (term-frequency adjustment included)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from linkage.frequency import FrequencyTable, tf_adjustment
from linkage.model import Feature, Model
from linkage.pairwise.record import PreparedRecord
from linkage.scoring import NATIONALITY_KEY_SEP, WITHIN_NATIONALITY

T = TypeVar("T")


def _per_object(cache: dict[int, T], owner: object, build: Callable[[], T]) -> T:
    """`build()`, worked out once per live `owner` object (immutable: a model, a table);
    the entry goes when the owner does."""
    key = id(owner)
    found = cache.get(key)
    if found is None:
        found = build()
        try:
            weakref.finalize(owner, cache.pop, key, None)
        except TypeError:  # not weakly referenceable: nothing would clear the entry
            return found
        cache[key] = found
    return found


_FREQUENCIES: dict[int, dict[Any, float]] = {}


def _frequencies(table: FrequencyTable) -> dict[Any, float]:
    """A table's frequencies as a dict, built once per table object: tables are
    immutable, and a dict lookup costs far less than a pandas one (building it costs
    about a microsecond per value, once)."""
    def build() -> dict[Any, float]:
        frequencies = table.frequencies
        return dict(zip(frequencies.index.tolist(),
                        frequencies.to_numpy(dtype=np.float64).tolist(), strict=True))
    return _per_object(_FREQUENCIES, table, build)


def _frequency(table: FrequencyTable, frequencies: Mapping[Any, float], value: Any) -> float:
    """frequency.lookup for one value: unseen (or unknown) values get the floor."""
    if value is None:
        return table.floor
    found = frequencies.get(value)
    return table.floor if found is None or found != found else found


def _tf_value(record: PreparedRecord, feature: str) -> Any:
    """The record's value in the frequency tables of `feature` (scoring.TF_KEYS)."""
    if feature == "name":
        return record.name_text
    if feature == "date_of_birth":
        return record.dob
    if feature == "place_of_birth":
        return record.place_text
    raise KeyError(feature)  # as scoring.TF_KEYS[feature]


def _within_key(record: PreparedRecord, feature: str) -> str | None:
    """scoring._nationality_keys for one record: "nationality<sep>value", None where
    either is unknown."""
    value = str(_tf_value(record, feature))
    if record.nationality_text == "" or value == "" or value == "-1":
        return None
    return record.nationality_text + NATIONALITY_KEY_SEP + value


@dataclass(frozen=True, slots=True)
class _FeaturePlan:
    feature: Feature
    weights: NDArray[np.float32]  # by level + 1
    adjusted: NDArray[np.bool_]  # by level + 1: the levels with a tf adjustment


_PLANS: dict[int, tuple[_FeaturePlan, ...]] = {}


def feature_plan(model: Model) -> tuple[_FeaturePlan, ...]:
    """Level weights of a model's features, worked out once per model object."""
    return _per_object(_PLANS, model, lambda: tuple(
        _FeaturePlan(f, model.level_weights(f), np.array([False] + [lv.tf for lv in f.levels]))
        for f in model.features))


def feature_weights(plan: _FeaturePlan, levels: NDArray[np.int8], query: PreparedRecord,
             candidates: Sequence[PreparedRecord],
             tables: Mapping[str, FrequencyTable]) -> NDArray[np.float32]:
    """scoring.feature_weigher for the query against each candidate, by the same numpy
    float32 operations."""
    feature = plan.feature
    index = levels.astype(np.intp) + 1
    weights = plan.weights[index]
    if not (feature.tf_adjustment and plan.adjusted.any() and feature.name in tables):
        return np.asarray(weights, dtype=np.float32)
    rows = np.flatnonzero(plan.adjusted[index])
    if len(rows) == 0:
        return np.asarray(weights, dtype=np.float32)
    name = feature.name
    table = tables[name]
    overall = _frequencies(table)
    within = tables.get(name + WITHIN_NATIONALITY)
    within_freq = None if within is None else _frequencies(within)
    q_freq = _frequency(table, overall, _tf_value(query, name))
    q_within: float | None = None
    freq_l, freq_r = [], []
    for row in rows.tolist():
        other = candidates[row]
        if (within is not None and within_freq is not None and query.nationality is not None
                and query.nationality == other.nationality):
            if q_within is None:
                q_within = _frequency(within, within_freq, _within_key(query, name))
            freq_l.append(q_within)
            freq_r.append(_frequency(within, within_freq, _within_key(other, name)))
        else:
            freq_l.append(q_freq)
            freq_r.append(_frequency(table, overall, _tf_value(other, name)))
    left = np.array(freq_l, dtype=np.float64)
    right = left if table.left_only else np.array(freq_r, dtype=np.float64)  # as in scoring
    weights[rows] += feature.tf_adjustment * tf_adjustment(left, right, table.mean)
    return np.asarray(weights, dtype=np.float32)
