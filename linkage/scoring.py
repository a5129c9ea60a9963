"""Fellegi-Sunter scoring of candidate pairs, with per-feature explanations.

Every scored pair keeps its level per feature (int8) and, when explained, its
weight per feature (float32): the waterfall an analyst sees. The match weight
is the prior log-odds plus the feature weights; the score is its probability.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from linkage import columns as c
from linkage import parallel
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
NATIONALITY_KEY_SEP = "\x1f"  # "nationality<sep>value" keys of the within tables


def _nationality_keys(prepared: Prepared, key: str) -> pd.Series:
    """Per record "nationality<sep>value", missing where either is unknown."""
    values = pd.Series(prepared.arrays[key]).astype(str)
    nationality = pd.Series(prepared.arrays[c.NATIONALITY_N], dtype=object)
    keys = nationality + NATIONALITY_KEY_SEP + values
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


CHUNK_PAIRS = 2_000_000
"""Pairs compared or weighed at a time. The level and weight functions make several
int64/float64 temporaries per pair (token matrices, gathered codes, frequencies); doing
all pairs at once costs gigabytes at a million records, while a chunk of this size
keeps them to a few hundred megabytes and is still large enough to stay vectorised."""


def _chunks(total: int, size: int | None = None) -> Iterator[slice]:
    size = CHUNK_PAIRS if size is None else size  # read at call time: tests shrink it
    for start in range(0, total, size):
        yield slice(start, min(start + size, total))


def pair_chunks(total: int) -> Iterator[slice]:
    """Row slices of CHUNK_PAIRS for work over all pairs that needs per-pair temporaries."""
    return _chunks(total)


def compare_pairs(prepared: Prepared, pairs: pd.DataFrame, model: Model, *,
                  chunk: int | None = None, workers: int = 1) -> pd.DataFrame:
    """Pairs with one int8 level column per model feature (-1 = null).

    Pairs are compared `chunk` at a time; only the int8 levels are kept. Every level
    depends on its own pair alone, so neither chunking nor comparing chunks on
    `workers` threads at once changes them. The level functions spend most of their
    time in numpy gathers, comparisons and sorts, which release the GIL, so a second
    thread uses a second core, at the cost of a second chunk's temporaries.
    """
    all_left = pairs[c.LEFT].to_numpy()
    all_right = pairs[c.RIGHT].to_numpy()
    levels = {f.name: np.empty(len(pairs), dtype=np.int8) for f in model.features}

    def compare(rows: slice) -> None:
        left = all_left[rows].astype(np.int64)
        right = all_right[rows].astype(np.int64)
        for feature in model.features:
            levels[feature.name][rows] = LEVEL_FUNCTIONS[feature.name](prepared, left, right)

    parallel.run_each(compare, list(_chunks(len(pairs), chunk)), workers)
    # Built in one uncopied step: the level arrays, and the pair columns as views of
    # `pairs`, go in as they are. Copying the pairs and adding the levels column by
    # column briefly held three copies of them (over a gigabyte at a million records).
    return pd.DataFrame({c.LEFT: all_left, c.RIGHT: all_right,
                         **{level_column(f.name): levels[f.name] for f in model.features}},
                        copy=False)


Weigher = Callable[[NDArray[np.int8], NDArray[np.integer], NDArray[np.integer]],
                   NDArray[np.float32]]


def feature_weigher(prepared: Prepared, feature: Feature, tables: dict[str, FrequencyTable],
                    model: Model) -> Weigher:
    """Weight of one feature per pair from (levels, left, right): level weight plus any
    term-frequency adjustment.

    The term frequencies are looked up once per record here (far fewer than pairs), so
    that the pairs can then be weighed a chunk at a time without repeating the lookups.
    """
    level_weights = model.level_weights(feature)
    adjusted = np.array([False] + [lv.tf for lv in feature.levels])  # by level + 1
    if not (feature.tf_adjustment and adjusted.any() and feature.name in tables):
        def plain(levels: NDArray[np.int8], left: NDArray[np.integer],
                  right: NDArray[np.integer]) -> NDArray[np.float32]:
            return np.asarray(level_weights[levels.astype(np.intp) + 1], dtype=np.float32)
        return plain
    table = tables[feature.name]
    per_record = lookup(table, pd.Series(prepared.arrays[TF_KEYS[feature.name]]))
    within = tables.get(feature.name + WITHIN_NATIONALITY)
    nationality = prepared.arrays[c.NATIONALITY_N + "_code"]
    per_record_within = (None if within is None else
                         lookup(within, _nationality_keys(prepared, TF_KEYS[feature.name])))
    strength = feature.tf_adjustment

    def weigh(levels: NDArray[np.int8], left: NDArray[np.integer],
              right: NDArray[np.integer]) -> NDArray[np.float32]:
        index = levels.astype(np.intp) + 1
        weights = level_weights[index]
        rows = np.flatnonzero(adjusted[index])
        lo, ro = left[rows], right[rows]
        freq_l, freq_r = per_record[lo], per_record[ro]
        if per_record_within is not None:
            same = (nationality[lo] == nationality[ro]) & (nationality[lo] >= 0)
            freq_l[same] = per_record_within[lo[same]]
            freq_r[same] = per_record_within[ro[same]]
        if table.left_only:
            freq_r = freq_l
        weights[rows] += strength * tf_adjustment(freq_l, freq_r, table.mean)
        return np.asarray(weights, dtype=np.float32)
    return weigh


def weighed_chunks(prepared: Prepared, compared: pd.DataFrame, model: Model,
                   tables: dict[str, FrequencyTable]) -> Iterator[
                       tuple[slice, list[NDArray[np.float32]]]]:
    """(rows, weight per model feature) for compared pairs, a chunk of rows at a time."""
    weigh = chunk_weigher(prepared, compared, model, tables)
    for rows in _chunks(len(compared)):
        yield rows, weigh(rows)


def chunk_weigher(prepared: Prepared, compared: pd.DataFrame, model: Model,
                  tables: dict[str, FrequencyTable]) -> Callable[
                      [slice], list[NDArray[np.float32]]]:
    """A function giving the weight per model feature of a slice of compared pairs' rows.

    It only reads shared arrays, so slices may be weighed on several threads at once."""
    weighers = [feature_weigher(prepared, f, tables, model) for f in model.features]
    levels = [compared[level_column(f.name)].to_numpy(dtype=np.int8) for f in model.features]
    left, right = compared[c.LEFT].to_numpy(), compared[c.RIGHT].to_numpy()

    def weigh(rows: slice) -> list[NDArray[np.float32]]:
        return [weigher(level[rows], left[rows], right[rows])
                for weigher, level in zip(weighers, levels, strict=True)]
    return weigh


def match_probability(weights: NDArray[np.float32]) -> NDArray[np.float32]:
    """The match probability of match weights (log2 odds), worked out in float64."""
    return (1.0 / (1.0 + np.exp2(-weights.astype(np.float64)))).astype(np.float32)


def band_codes(scores: NDArray[np.float32], thresholds: Thresholds) -> NDArray[np.int8]:
    """Per score, its band's index in BANDS: 0 below review, 1 review, 2 link."""
    codes = (scores >= thresholds.review).astype(np.int8)
    codes += scores >= thresholds.link  # in place: one int8 array over all pairs
    return codes


def band(scores: NDArray[np.float32], thresholds: Thresholds) -> pd.Categorical:
    """'link', 'review' or '' per score."""
    codes = band_codes(scores, thresholds)
    return pd.Categorical.from_codes(cast(Sequence[int], codes), categories=pd.Index(BANDS))


def score_compared(prepared: Prepared, compared: pd.DataFrame, model: Model, *,
                   tables: dict[str, FrequencyTable] | None = None,
                   thresholds: Thresholds = DEFAULT_THRESHOLDS,
                   explain: bool = False) -> pd.DataFrame:
    """Add match weight, score and band (and per-feature weights when `explain`)."""
    tables = frequency_tables(prepared) if tables is None else tables
    total = np.full(len(compared), model.prior_weight, dtype=np.float32)
    explained = ({f.name: np.empty(len(compared), dtype=np.float32) for f in model.features}
                 if explain else {})
    for rows, weights in weighed_chunks(prepared, compared, model, tables):
        for feature, weight in zip(model.features, weights, strict=True):
            total[rows] += weight
            if explain:
                explained[feature.name][rows] = weight
    score = np.empty(len(compared), dtype=np.float32)
    for rows in _chunks(len(compared)):  # float64 temporaries, a chunk at a time
        score[rows] = match_probability(total[rows])
    # The band follows the probability alone. Whether a link may carry a vetting `hit`
    # without an analyst (a strong identifier must agree) is an outcome rule of the
    # registry, not a reason to hide a near-certain pair from the link band.
    added = {**{weight_column(name): weight for name, weight in explained.items()},
             c.WEIGHT: total, c.SCORE: score, c.BAND: band(score, thresholds)}
    return uncopied(compared, list(compared.columns), added)


def uncopied(frame: pd.DataFrame, columns: Sequence[str],
             added: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Some columns of `frame`, with `added` arrays beside (or replacing) them, in a new
    frame that copies none of them.

    `frame[name] = array` and `frame[list]` copy: a few hundred megabytes per float32
    column at 60M pairs, briefly held twice. A frame built in one step with copy=False
    takes the existing columns and the new arrays as they are.
    """
    kept = {name: frame[name].array for name in columns}
    return pd.DataFrame({**kept, **(added or {})}, index=frame.index, copy=False)


def score_pairs(prepared: Prepared, pairs: pd.DataFrame, model: Model, *,
                tables: dict[str, FrequencyTable] | None = None,
                thresholds: Thresholds = DEFAULT_THRESHOLDS, explain: bool = True) -> pd.DataFrame:
    """Compare and score candidate pairs (LEFT < RIGHT positions in `prepared`)."""
    compared = compare_pairs(prepared, pairs, model)
    return score_compared(prepared, compared, model, tables=tables, thresholds=thresholds,
                          explain=explain)
