"""Candidate retrieval by shared keys: which registry records a query row is compared with.

Retrieval is an indexed lookup on `record_keys.key`, never a scan: first the size of
each query key's bucket, then the records of the buckets small enough to be
informative, ranked by the keys they share, each weighed by its rarity (a strong
identifier outweighs any number of others), at most `cap` per query row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from registry.intake.bulk import chunked, in_batch
from registry.models import RecordKey
from registry.vetting.keys import (
    COUNTED_EXACTLY,
    FREQUENCY_ONLY,
    KEY,
    POSITION,
    STRONG_PREFIXES,
)

MAX_CANDIDATES = 200  # records compared per query row
MAX_BUCKET = 2_000  # a key shared by more records than this retrieves nothing
STRONG_RANK = 1_000_000  # a shared strong identifier outranks any number of name keys
CHUNK = 2_000

RECORD_PK, RANK, WEIGHT = "record_pk", "rank", "weight"


# PostgreSQL: each key's holders counted up to :bound, in one statement. A common
# name's skeleton key can have 15,000 holders, and counting them all is most of a
# check's time in the database, when all retrieval asks is whether there are too many.
_BOUNDED_COUNTS = text(
    "SELECT k.key, (SELECT count(*) FROM (SELECT 1 FROM record_keys AS r WHERE r.key = k.key"
    " LIMIT :bound) AS held) AS n FROM unnest(CAST(:bounded AS varchar[])) AS k(key)"
    " UNION ALL SELECT key, count(*) FROM record_keys"
    " WHERE key = ANY(CAST(:exact AS varchar[])) GROUP BY key"
)


def key_counts(
    session: Session, keys: Iterable[str], bound: int = MAX_BUCKET + 1
) -> dict[str, int]:
    """How many records hold each key (absent keys are left out).

    Name and date-of-birth keys are counted exactly (their counts are term
    frequencies); on PostgreSQL every other key is counted up to `bound` only, which
    is all `usable_keys` needs to know.
    """
    wanted = sorted(set(keys))
    counts: dict[str, int] = {}
    if session.get_bind().dialect.name == "postgresql":
        exact = [k for k in wanted if k.startswith(COUNTED_EXACTLY)]
        bounded = [k for k in wanted if not k.startswith(COUNTED_EXACTLY)]
        for start in range(0, max(len(exact), len(bounded)), CHUNK):
            found = session.execute(
                _BOUNDED_COUNTS,
                {
                    "bound": bound,
                    "bounded": bounded[start : start + CHUNK],
                    "exact": exact[start : start + CHUNK],
                },
            )
            counts.update({str(k): int(n) for k, n in found if n})
        return counts
    for chunk in chunked(wanted, CHUNK):
        query = (
            select(RecordKey.key, func.count())
            .where(in_batch(session, RecordKey.key, chunk))
            .group_by(RecordKey.key)
        )
        counts.update({str(k): int(n) for k, n in session.execute(query)})
    return counts


def key_weight(key: str, size: int, max_bucket: int = MAX_BUCKET) -> int:
    """What sharing `key` says, for ranking: a strong identifier STRONG_RANK; another key
    its rarity, log2 of the bucket cap over its bucket size, in hundredths of a bit
    (whole numbers, so that every path sums and orders them alike). A record sharing
    a name held by three records outranks one sharing three phonetic pairs held by
    a thousand each, which counting shared keys ranked the other way round."""
    if key.startswith(STRONG_PREFIXES):
        return STRONG_RANK
    return round(100 * math.log2((2 * max_bucket + 2) / max(size, 1)))


def usable_keys(keys: pd.DataFrame, counts: dict[str, int], max_bucket: int) -> pd.DataFrame:
    """The (position, key, weight) rows whose key retrieves and whose bucket is small
    enough."""
    usable = [
        0 < counts.get(key, 0) <= max_bucket and not key.startswith(FREQUENCY_ONLY)
        for key in keys[KEY].tolist()
    ]
    found = keys[np.array(usable, dtype=bool)]
    weights = [key_weight(key, counts[key], max_bucket) for key in found[KEY].tolist()]
    return found.assign(**{WEIGHT: np.array(weights, dtype=np.int64)})


def _holders(session: Session, keys: Sequence[str]) -> list[tuple[str, int]]:
    """(key, record_pk) of every record holding one of `keys`."""
    rows: list[tuple[str, int]] = []
    for chunk in chunked(keys, CHUNK):
        query = select(RecordKey.key, RecordKey.personnel_record_id).where(
            in_batch(session, RecordKey.key, chunk)
        )
        rows.extend((str(k), int(pk)) for k, pk in session.execute(query))
    return rows


def _ranked_frame(position: int, best: Sequence[tuple[int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            POSITION: np.full(len(best), position, dtype=np.int64),
            RECORD_PK: np.array([pk for pk, _ in best], dtype=np.int64),
            RANK: np.array([rank for _, rank in best], dtype=np.int64),
        }
    )


# PostgreSQL: one query row's records ranked, a fixed text with array parameters, where
# building the statement with a CASE of the row's keys cost more than running it.
_RANK_ONE = text(
    "SELECT r.personnel_record_id AS pk, sum(k.weight) AS rank"
    " FROM unnest(CAST(:keys AS varchar[]), CAST(:weights AS bigint[])) AS k(key, weight)"
    " JOIN record_keys AS r ON r.key = k.key"
    " GROUP BY r.personnel_record_id ORDER BY rank DESC, pk LIMIT :cap"
)


def _rank_one(session: Session, position: int, weights: dict[str, int], cap: int) -> pd.DataFrame:
    """retrieve() for a single query row (one check): ranked in the database, so that only
    the best `cap` records travel, not every holder of every key."""
    if not weights:
        return _ranked_frame(position, [])
    if session.get_bind().dialect.name == "postgresql":
        keys = sorted(weights)
        wanted = {"keys": keys, "weights": [weights[k] for k in keys], "cap": cap}
        found = session.connection().execute(_RANK_ONE, wanted)
        return _ranked_frame(position, [(int(pk), int(n)) for pk, n in found])
    rank = func.sum(case(weights, value=RecordKey.key, else_=0)).label(RANK)
    query = (
        select(RecordKey.personnel_record_id, rank)
        .where(in_batch(session, RecordKey.key, sorted(weights)))
        .group_by(RecordKey.personnel_record_id)
        .order_by(rank.desc(), RecordKey.personnel_record_id)
        .limit(cap)
    )
    return _ranked_frame(position, [(int(pk), int(n)) for pk, n in session.execute(query)])


# PostgreSQL: every query row's records ranked and cut in one statement, where reading
# every holder of every key into pandas (hundreds of thousands of rows for a roster
# batch) cost more than the rest of the batch's retrieval. Each row is ranked on its
# own (LATERAL, top `cap` by a bounded sort): one window over all rows' holders
# sorted ~750,000 groups of a 500-row batch on disk, and took 2.5 times as long.
_RANK_MANY = text(
    "WITH q AS (SELECT * FROM unnest(CAST(:positions AS bigint[]), CAST(:keys AS varchar[]),"
    " CAST(:weights AS bigint[])) AS q(position, key, weight)),"
    " p AS (SELECT position, array_agg(key) AS keys, array_agg(weight) AS weights"
    " FROM q GROUP BY position)"
    " SELECT p.position, t.pk, t.rank FROM p CROSS JOIN LATERAL ("
    " SELECT r.personnel_record_id AS pk, sum(k.weight) AS rank"
    " FROM unnest(p.keys, p.weights) AS k(key, weight)"
    " JOIN record_keys AS r ON r.key = k.key"
    " GROUP BY r.personnel_record_id ORDER BY rank DESC, pk LIMIT :cap) AS t"
    " ORDER BY p.position, t.rank DESC, t.pk"
)


def _rank_many_in_database(session: Session, usable: pd.DataFrame, cap: int) -> pd.DataFrame:
    """_rank_many's result, ranked by PostgreSQL (usable: (position, key, weight) rows)."""
    wanted = {
        "positions": usable[POSITION].astype(int).tolist(),
        "keys": usable[KEY].astype(str).tolist(),
        "weights": usable[WEIGHT].astype(int).tolist(),
        "cap": cap,
    }
    rows = session.execute(_RANK_MANY, wanted).all()
    return pd.DataFrame(
        {
            POSITION: np.array([r[0] for r in rows], dtype=np.int64),
            RECORD_PK: np.array([r[1] for r in rows], dtype=np.int64),
            RANK: np.array([r[2] for r in rows], dtype=np.int64),
        }
    )


def _rank_many(usable: pd.DataFrame, holders: list[tuple[str, int]], cap: int) -> pd.DataFrame:
    shared = usable.merge(pd.DataFrame(holders, columns=[KEY, RECORD_PK]), on=KEY)
    shared[RANK] = shared[WEIGHT].astype(np.int64)
    ranked = pd.DataFrame(shared.groupby([POSITION, RECORD_PK], as_index=False)[RANK].sum())
    ranked = ranked.sort_values([POSITION, RANK, RECORD_PK], ascending=[True, False, True])
    best: pd.DataFrame = ranked.groupby(POSITION).head(cap).reset_index(drop=True)
    return best


def retrieve(
    session: Session,
    keys: pd.DataFrame,
    *,
    cap: int = MAX_CANDIDATES,
    max_bucket: int = MAX_BUCKET,
    counts: dict[str, int] | None = None,
) -> pd.DataFrame:
    """(position, record_pk, rank) of the best `cap` records per query position.

    Records are ranked by the summed `key_weight` of the keys they share with the query
    row, ties by record pk.
    """
    counts = key_counts(session, keys[KEY], max_bucket + 1) if counts is None else counts
    usable = usable_keys(keys, counts, max_bucket)
    positions = usable[POSITION].unique()
    if len(positions) == 1:
        weights = dict(zip(usable[KEY].tolist(), usable[WEIGHT].tolist(), strict=True))
        return _rank_one(session, int(positions[0]), weights, cap)
    if session.get_bind().dialect.name == "postgresql":
        return _rank_many_in_database(session, usable, cap)
    holders = _holders(session, sorted(set(usable[KEY])))
    if not holders:
        return _ranked_frame(0, [])
    return _rank_many(usable, holders, cap)
