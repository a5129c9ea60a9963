"""Candidate retrieval by shared keys: which registry records a query row is compared with.

Retrieval is an indexed lookup on `record_keys.key`, never a scan: first the size of
each query key's bucket, then the records of the buckets small enough to be
informative, ranked by the keys they share, each weighed by its rarity (a strong
identifier outweighs any number of others), at most `cap` per query row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from registry.intake.bulk import chunked, in_batch
from registry.models import RecordKey
from registry.vetting.keys import (
    COUNTED_EXACTLY,
    FREQUENCY_ONLY,
    STRONG_PREFIXES,
    QueryKey,
)

MAX_CANDIDATES = 200  # records compared per query row
MAX_BUCKET = 2_000  # a key shared by more records than this retrieves nothing
STRONG_RANK = 1_000_000  # a shared strong identifier outranks any number of name keys
CHUNK = 2_000

RANK = "rank"


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
        connection = session.connection()
        for start in range(0, max(len(exact), len(bounded)), CHUNK):
            found = connection.execute(
                _BOUNDED_COUNTS,
                {
                    "bound": bound,
                    "bounded": bounded[start : start + CHUNK],
                    "exact": exact[start : start + CHUNK],
                },
            ).all()
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


UsableKey = tuple[int, str, int]  # (position, key, weight)
Ranked = tuple[int, int, int]  # (position, record pk, rank)


def usable_keys(
    keys: Sequence[QueryKey], counts: dict[str, int], max_bucket: int
) -> list[UsableKey]:
    """The (position, key, weight) of each query key that retrieves and whose bucket is
    small enough."""
    return [
        (position, key, key_weight(key, counts[key], max_bucket))
        for position, key in keys
        if 0 < counts.get(key, 0) <= max_bucket and not key.startswith(FREQUENCY_ONLY)
    ]


def _holders(session: Session, keys: Sequence[str]) -> list[tuple[str, int]]:
    """(key, record_pk) of every record holding one of `keys`."""
    rows: list[tuple[str, int]] = []
    for chunk in chunked(keys, CHUNK):
        query = select(RecordKey.key, RecordKey.personnel_record_id).where(
            in_batch(session, RecordKey.key, chunk)
        )
        rows.extend((str(k), int(pk)) for k, pk in session.execute(query))
    return rows


# PostgreSQL: one query row's records ranked, a fixed text with array parameters, where
# building the statement with a CASE of the row's keys cost more than running it.
_RANK_ONE = text(
    "SELECT r.personnel_record_id AS pk, sum(k.weight) AS rank"
    " FROM unnest(CAST(:keys AS varchar[]), CAST(:weights AS bigint[])) AS k(key, weight)"
    " JOIN record_keys AS r ON r.key = k.key"
    " GROUP BY r.personnel_record_id ORDER BY rank DESC, pk LIMIT :cap"
)


def _rank_one(session: Session, position: int, weights: dict[str, int], cap: int) -> list[Ranked]:
    """retrieve() for a single query row (one check): ranked in the database, so that only
    the best `cap` records travel, not every holder of every key."""
    if not weights:
        return []
    if session.get_bind().dialect.name == "postgresql":
        keys = sorted(weights)
        wanted = {"keys": keys, "weights": [weights[k] for k in keys], "cap": cap}
        # .all(): one fetch of every row, where iterating fetches them one by one
        found = session.connection().execute(_RANK_ONE, wanted).all()
        return [(position, int(pk), int(n)) for pk, n in found]
    rank = func.sum(case(weights, value=RecordKey.key, else_=0)).label(RANK)
    query = (
        select(RecordKey.personnel_record_id, rank)
        .where(in_batch(session, RecordKey.key, sorted(weights)))
        .group_by(RecordKey.personnel_record_id)
        .order_by(rank.desc(), RecordKey.personnel_record_id)
        .limit(cap)
    )
    return [(position, int(pk), int(n)) for pk, n in session.execute(query)]


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


def _rank_many_in_database(session: Session, usable: list[UsableKey], cap: int) -> list[Ranked]:
    """_rank_many's result, ranked by PostgreSQL."""
    wanted = {
        "positions": [position for position, _, _ in usable],
        "keys": [key for _, key, _ in usable],
        "weights": [weight for _, _, weight in usable],
        "cap": cap,
    }
    return [(int(p), int(pk), int(n)) for p, pk, n in session.execute(_RANK_MANY, wanted)]


def _rank_many(usable: list[UsableKey], holders: list[tuple[str, int]], cap: int) -> list[Ranked]:
    """The best `cap` holders per position by summed weight, ties by record pk."""
    by_key: dict[str, list[tuple[int, int]]] = {}
    for position, key, weight in usable:
        by_key.setdefault(key, []).append((position, weight))
    ranks: dict[tuple[int, int], int] = {}
    for key, pk in holders:
        for position, weight in by_key.get(key, ()):
            ranks[(position, pk)] = ranks.get((position, pk), 0) + weight
    ordered = sorted(ranks.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
    best: list[Ranked] = []
    taken: dict[int, int] = {}
    for (position, pk), rank in ordered:
        if taken.get(position, 0) < cap:
            taken[position] = taken.get(position, 0) + 1
            best.append((position, pk, rank))
    return best


def retrieve(
    session: Session,
    keys: Sequence[QueryKey],
    *,
    cap: int = MAX_CANDIDATES,
    max_bucket: int = MAX_BUCKET,
    counts: dict[str, int] | None = None,
) -> list[Ranked]:
    """(position, record_pk, rank) of the best `cap` records per query position, by
    position, then best first.

    Records are ranked by the summed `key_weight` of the keys they share with the query
    row, ties by record pk.
    """
    if counts is None:
        counts = key_counts(session, [key for _, key in keys], max_bucket + 1)
    usable = usable_keys(keys, counts, max_bucket)
    positions = {position for position, _, _ in usable}
    if len(positions) == 1:
        weights = {key: weight for _, key, weight in usable}
        return _rank_one(session, positions.pop(), weights, cap)
    if session.get_bind().dialect.name == "postgresql":
        return _rank_many_in_database(session, usable, cap)
    holders = _holders(session, sorted({key for _, key, _ in usable}))
    return _rank_many(usable, holders, cap)
