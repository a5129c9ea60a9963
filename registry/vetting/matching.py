"""Engine glue: score query rows against candidate records and explain each pair."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz.distance import JaroWinkler, Levenshtein

from linkage import (
    DEFAULT_MODEL,
    FrequencyTable,
    Model,
    PairScore,
    PreparedRecord,
    Thresholds,
    level_column,
    normalise_one,
    prepare_one,
    prepare_records,
    score_against,
    score_pairs,
    weight_column,
)
from linkage import columns as c

# Which normalised column gives a feature's numeric similarity (else it follows the level).
_SIMILARITY_COLUMN = {
    "name": c.NAME_SORTED,
    "passport": c.PASSPORT_N,
    "national_id": c.NATIONAL_ID_N,
    "service_number": c.SERVICE_N,
}


# Up to this many pairs (a check, a small roster batch) are scored row by row: the
# vectorised engine's fixed cost per call is larger than the row-wise cost of a few
# thousand pairs. Both give the same levels, weights and scores.
ROW_WISE_MAX_PAIRS = 5_000


def query_records(queries: pd.DataFrame) -> list[dict[str, Any]]:
    """The normalised query rows as records (DataFrame.to_dict costs more for a few rows)."""
    columns = [str(name) for name in queries.columns]
    values = (queries[name].to_numpy(dtype=object) for name in columns)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


class ScoredPair(NamedTuple):
    """A (query row, candidate position) pair at or above the review threshold."""

    query: int
    candidate: int
    score: PairScore
    strong: bool  # passport or national id equal, or service number and nationality


def score_row_wise(
    queries: Sequence[dict[str, Any]],
    prepared: Sequence[PreparedRecord],
    pairs: Sequence[tuple[int, int]],
    model: Model,
    thresholds: Thresholds,
    tables: dict[str, FrequencyTable],
) -> list[ScoredPair]:
    """score_queries for few pairs, through linkage.pairwise (`queries`: the normalised
    query rows as records; `prepared`: the candidates' row-wise forms by position)."""
    by_query: dict[int, list[int]] = {}
    for q, pos in pairs:
        by_query.setdefault(q, []).append(pos)
    strong = _strong_test(model)
    kept: list[ScoredPair] = []
    for q in sorted(by_query):
        group = by_query[q]
        scores = score_against(
            prepare_one(queries[q]),
            [prepared[pos] for pos in group],
            model,
            tables=tables,
            thresholds=thresholds,
        )
        found = [
            ScoredPair(q, pos, s, strong(s.levels))
            for pos, s in zip(group, scores, strict=True)
            if s.band
        ]
        kept += sorted(found, key=lambda pair: -pair.score.score)  # stable: ties keep order
    return kept


def score_queries(
    queries: pd.DataFrame,
    candidates: pd.DataFrame,
    pairs: Sequence[tuple[int, int]],
    model: Model,
    thresholds: Thresholds,
    tables: dict[str, FrequencyTable],
) -> list[ScoredPair]:
    """The (query, candidate position) pairs at or above the review threshold, scored by
    the vectorised engine, best first per query row, with per-feature levels and weights."""
    frame = pd.concat([queries, candidates], ignore_index=True)
    offset = len(queries)
    positions = pd.DataFrame(
        {
            c.LEFT: np.array([q for q, _ in pairs], dtype=np.int64),
            c.RIGHT: np.array([pos for _, pos in pairs], dtype=np.int64) + offset,
        }
    )
    scored = score_pairs(
        prepare_records(frame), positions, model, tables=tables, thresholds=thresholds, explain=True
    )
    scored = scored[scored[c.BAND].astype(str) != ""]
    scored = scored.sort_values([c.LEFT, c.SCORE], ascending=[True, False], kind="stable")
    features = [feature.name for feature in model.features]
    levels = zip(*(scored[level_column(f)].tolist() for f in features), strict=True)
    weights = zip(*(scored[weight_column(f)].tolist() for f in features), strict=True)
    columns = (scored[name].tolist() for name in (c.LEFT, c.RIGHT, c.WEIGHT, c.SCORE, c.BAND))
    strong = _strong_test(model)
    found = []
    for q, pos, total, p, band, lv, w in zip(*columns, levels, weights, strict=True):
        score = PairScore(tuple(lv), tuple(w), total, p, str(band))
        found.append(ScoredPair(q, pos - offset, score, strong(score.levels)))
    return found


def _strong_test(model: Model) -> Callable[[Sequence[int]], bool]:
    """Whether a pair's levels (in `model.features` order) agree exactly on passport or
    national id, or on service number with the same nationality."""
    at = {feature.name: i for i, feature in enumerate(model.features)}

    def exact(levels: Sequence[int], feature: str) -> bool:
        i = at.get(feature)
        return i is not None and levels[i] == 0

    def strong(levels: Sequence[int]) -> bool:
        return (
            exact(levels, "passport")
            or exact(levels, "national_id")
            or (exact(levels, "service_number") and exact(levels, "nationality"))
        )

    return strong


_WARM_UP_QUERIES = (
    {"given_names": "Abdul", "family_name": "Karim", "date_of_birth": "1985-03-14"},
    {"full_name": "Олена Іваненко", "date_of_birth": "1990", "passport_number": "FE123456"},
    {"full_name": "মোহাম্মদ রহমান", "nationality": "BGD", "sex": "M"},
    {"full_name": "محمد حداد", "aliases": "Mohammed Haddad", "place_of_birth": "Amman"},
    {"full_name": "王伟", "date_of_birth": "1979-07", "service_number": "CN-448120"},
)


def warm_up() -> None:
    """Do one check's engine work on made-up records, so that a new process (a gunicorn
    worker) loads its name tables and code paths before its first check, not during it."""
    from linkage.names import warm_up as load_name_tables

    load_name_tables()
    frame = pd.concat([normalise_one(q) for q in _WARM_UP_QUERIES], ignore_index=True)
    query, *others = [prepare_one(record) for record in query_records(frame)]
    score_against(query, others, DEFAULT_MODEL, tables={})  # the path a check scores by


def _similarity(feature: str, level: int, n_levels: int, query: Any, record: Any) -> float | None:
    """1.0 is full agreement; names and identifiers by string similarity, others by level."""
    if level < 0:
        return None
    column = _SIMILARITY_COLUMN.get(feature)
    if column is not None and isinstance(query, str) and isinstance(record, str):
        metric = JaroWinkler if feature == "name" else Levenshtein
        return round(float(metric.normalized_similarity(query, record)), 3)
    return round(1.0 - level / max(n_levels - 1, 1), 3)


def explain_pair(
    pair: PairScore,
    model: Model,
    query: Mapping[str, Any],
    record: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """Per compared feature (both sides present): level, similarity and weight, strongest first."""
    rows = []
    for feature, level, weight in zip(model.features, pair.levels, pair.weights, strict=True):
        if level < 0:
            continue
        column = _SIMILARITY_COLUMN.get(feature.name)
        q, r = (query.get(column), record.get(column)) if column else (None, None)
        rows.append(
            {
                "field": feature.name,
                "level": (feature.levels[level].label),
                "similarity": _similarity(feature.name, level, len(feature.levels), q, r),
                "weight": round(float(weight), 3),
            }
        )
    return sorted(rows, key=lambda row: -abs(row["weight"]))
