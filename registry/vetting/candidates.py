"""Candidate retrieval by shared keys, and loading what the policy needs about candidates.

Retrieval is an indexed lookup on `record_keys.key`, never a scan: first the size of
each query key's bucket, then the records of the buckets small enough to be
informative, ranked by the keys they share, each weighed by its rarity (a strong
identifier outweighs any number of others), at most `cap` per query row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy import Select, and_, case, func, select, text
from sqlalchemy.orm import Session

from linkage.columns import PERSONNEL_COLUMNS, RECORD_ID
from registry.frames import ORG, PK, engine_id
from registry.intake.bulk import in_batch
from registry.models import (
    Allegation,
    MatchCandidate,
    Organisation,
    Person,
    PersonnelRecord,
    RecordForm,
    RecordKey,
    RecordLink,
)
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
HIT_STATUSES = ("substantiated", "reported", "under_investigation")

RECORD_PK, RANK, WEIGHT = "record_pk", "rank", "weight"
StoredForm = tuple[int, str]  # (NORMALISED_FORM_VERSION it was made by, JSON form)
_T = TypeVar("_T")


def _chunks(values: Sequence[_T], size: int = CHUNK) -> Iterable[list[_T]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


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
    for chunk in _chunks(wanted):
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
    for chunk in _chunks(keys):
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


def _rank_one(session: Session, position: int, weights: dict[str, int], cap: int) -> pd.DataFrame:
    """retrieve() for a single query row (one check): ranked in the database, so that only
    the best `cap` records travel, not every holder of every key."""
    if not weights:
        return _ranked_frame(position, [])
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
# batch) cost more than the rest of the batch's retrieval.
_RANK_MANY = text(
    "SELECT position, pk, rank FROM ("
    " SELECT q.position, r.personnel_record_id AS pk, sum(q.weight) AS rank,"
    " row_number() OVER (PARTITION BY q.position"
    " ORDER BY sum(q.weight) DESC, r.personnel_record_id) AS place"
    " FROM unnest(CAST(:positions AS bigint[]), CAST(:keys AS varchar[]),"
    " CAST(:weights AS bigint[])) AS q(position, key, weight)"
    " JOIN record_keys AS r ON r.key = q.key"
    " GROUP BY q.position, r.personnel_record_id"
    ") AS ranked WHERE place <= :cap ORDER BY position, rank DESC, pk"
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


@dataclass(frozen=True)
class CandidateData:
    """Candidate records (raw frame), their links, and the allegations of their persons."""

    records: pd.DataFrame  # registry.frames columns; pk, org, engine record_id, fields
    links: pd.DataFrame  # org, record_id, person_pk, person_uid, method
    allegations: pd.DataFrame  # person_pk, org, subject_record_id, subject_pk, case fields
    forms: list[StoredForm | None]  # per row of `records`: its stored normalised form


LINK_COLUMNS = ["org", "record_id", "person_pk", "person_uid", "method"]
ALLEGATION_COLUMNS = [
    "person_pk",
    "org",
    "subject_record_id",
    "subject_pk",
    "case_number",
    "status",
    "category",
    "mission",
]


_FIELDS = [name for name in PERSONNEL_COLUMNS if name != RECORD_ID]


@dataclass(frozen=True)
class _Found:
    records: pd.DataFrame
    links: pd.DataFrame
    unlinked: list[tuple[int, str]]  # (organisation pk, record id) of unlinked records
    forms: list[StoredForm | None]


@cache
def _records_statement() -> Select[*tuple[Any, ...]]:
    """Current, live records with their link, person and stored form (built once: making
    a statement costs a check more than PostgreSQL takes to run it)."""
    fields = [getattr(PersonnelRecord, name) for name in _FIELDS]
    link = and_(
        RecordLink.organisation_id == PersonnelRecord.organisation_id,
        RecordLink.record_id == PersonnelRecord.record_id,
    )
    return (
        select(
            PersonnelRecord.id,
            Organisation.code,
            PersonnelRecord.record_id,
            *fields,
            PersonnelRecord.organisation_id,
            RecordLink.person_id,
            Person.uid,
            RecordLink.method,
            RecordForm.version,
            RecordForm.form,
        )
        .join(Organisation, Organisation.id == PersonnelRecord.organisation_id)
        .outerjoin(RecordLink, link)
        .outerjoin(Person, Person.id == RecordLink.person_id)
        .outerjoin(RecordForm, RecordForm.personnel_record_id == PersonnelRecord.id)
        .where(PersonnelRecord.is_current.is_(True), PersonnelRecord.withdrawn_at.is_(None))
        .order_by(PersonnelRecord.id)
    )


def _records_with_links(session: Session, pks: Sequence[int]) -> _Found:
    """Live current records (registry.frames layout), their links and stored forms."""
    query = _records_statement()
    rows: list[tuple[Any, ...]] = []
    connection = session.connection()  # Core rows: no ORM result machinery per row
    for chunk in _chunks(list(pks)):
        wanted = in_batch(session, PersonnelRecord.id, chunk)
        rows.extend(tuple(r) for r in connection.execute(query.where(wanted)))
    width = 3 + len(_FIELDS)
    columns = list(zip(*rows, strict=True)) if rows else [()] * (width + 6)
    data: dict[str, Any] = {
        RECORD_ID: [engine_id(str(o), str(r)) for o, r in zip(columns[1], columns[2], strict=True)],
        PK: np.array(columns[0], dtype=np.int64),
        ORG: np.array(columns[1], dtype=object),
    }
    for i, name in enumerate(_FIELDS, start=3):
        data[name] = np.array(columns[i], dtype=object)
    records = pd.DataFrame(data, copy=False)
    linked = [r for r in rows if r[width + 1] is not None]
    links = pd.DataFrame(
        [(r[1], r[2], int(r[width + 1]), r[width + 2], r[width + 3]) for r in linked],
        columns=LINK_COLUMNS,
    )
    unlinked = [(int(r[width]), str(r[2])) for r in rows if r[width + 1] is None]
    forms = [None if r[width + 4] is None else (int(r[width + 4]), str(r[width + 5])) for r in rows]
    return _Found(records, links, unlinked, forms)


@cache
def _allegations_statement(statuses: tuple[str, ...]) -> Select[*tuple[Any, ...]]:
    """Live allegations with these statuses on live subject records (built once)."""
    subject = and_(
        PersonnelRecord.organisation_id == Allegation.organisation_id,
        PersonnelRecord.record_id == Allegation.subject_record_id,
        PersonnelRecord.is_current.is_(True),
        PersonnelRecord.withdrawn_at.is_(None),
    )
    linked = and_(
        RecordLink.organisation_id == Allegation.organisation_id,
        RecordLink.record_id == Allegation.subject_record_id,
    )
    return (
        select(
            RecordLink.person_id,
            Organisation.code,
            Allegation.subject_record_id,
            PersonnelRecord.id,
            Allegation.case_number,
            Allegation.status,
            Allegation.category,
            Allegation.mission,
            Allegation.organisation_id,
        )
        .join(PersonnelRecord, subject)
        .join(Organisation, Organisation.id == Allegation.organisation_id)
        .outerjoin(RecordLink, linked)
        .where(Allegation.withdrawn_at.is_(None), Allegation.status.in_(statuses))
    )


def _allegations(
    session: Session,
    person_pks: list[int],
    unlinked: list[tuple[int, str]],
    statuses: Sequence[str],
) -> pd.DataFrame:
    """Live allegations on live subject records of these persons (or unlinked records)."""
    if not person_pks and not unlinked:
        return pd.DataFrame([], columns=ALLEGATION_COLUMNS)
    query = _allegations_statement(tuple(statuses))
    # Two statements, not one with OR: each is answered from its own index (a person's
    # links; an allegation's subject), where an OR across both tables scans allegations.
    rows: list[tuple[object, ...]] = []
    for persons in _chunks(person_pks):
        wanted = in_batch(session, RecordLink.person_id, persons)
        rows.extend(tuple(r)[:-1] for r in session.execute(query.where(wanted)))
    for direct in _chunks(unlinked):
        subjects = set(direct)
        wanted = in_batch(session, Allegation.subject_record_id, sorted({r for _, r in direct}))
        found = session.execute(query.where(wanted))
        rows.extend(tuple(r)[:-1] for r in found if (r[-1], r[2]) in subjects)
    rows.sort(key=lambda row: str(row[4]))  # by case number, as one statement ordered them
    frame = pd.DataFrame(rows, columns=ALLEGATION_COLUMNS)
    return frame.drop_duplicates("case_number").reset_index(drop=True)


@cache
def _forms_statement() -> Select[*tuple[Any, ...]]:
    return select(RecordForm.personnel_record_id, RecordForm.version, RecordForm.form)


def stored_forms(session: Session, record_pks: Sequence[int]) -> dict[int, StoredForm]:
    """The stored normalised form of each of these records that has one, by record pk.

    Read from `record_forms` alone: one small row per record, where the records with
    their links and persons are rows of four tables. Forms of withdrawn or superseded
    records are deleted when they are, but callers still read the records they keep
    through `load_candidates`, which holds to live, current records only.
    """
    connection = session.connection()
    found: dict[int, StoredForm] = {}
    for chunk in _chunks(list(record_pks)):
        wanted = in_batch(session, RecordForm.personnel_record_id, chunk)
        found.update(
            (int(pk), (int(version), str(form)))
            for pk, version, form in connection.execute(_forms_statement().where(wanted))
        )
    return found


def live_records(
    session: Session, record_pks: Sequence[int]
) -> tuple[pd.DataFrame, list[StoredForm | None]]:
    """Live current records of these pks (registry.frames layout), with their stored forms."""
    found = _records_with_links(session, sorted(set(record_pks)))
    return found.records, found.forms


def load_candidates(
    session: Session, record_pks: Iterable[int], statuses: Sequence[str] = HIT_STATUSES
) -> CandidateData:
    """Current, live candidate records with their persons' allegations and subject records."""
    pks = sorted(set(record_pks))
    found = _records_with_links(session, pks)
    records, links, forms = found.records, found.links, found.forms
    persons = sorted({int(p) for p in links["person_pk"]})
    allegations = _allegations(session, persons, found.unlinked, statuses)
    subjects = sorted(set(allegations["subject_pk"].astype(int)) - set(pks))
    if subjects:
        # Subject records the retrieval did not bring: the trust chain needs their fields.
        extra = _records_with_links(session, subjects)
        records = pd.concat([records, extra.records], ignore_index=True)
        links = pd.concat([links, extra.links], ignore_index=True).drop_duplicates()
        forms = forms + extra.forms
    return CandidateData(records, links, allegations, forms)


def own_links(session: Session, org_code: str, record_ids: Iterable[str]) -> pd.DataFrame:
    """Links of the requester's own records with these ids (LINK_COLUMNS)."""
    ids = sorted({r for r in record_ids if r})
    if not ids:  # most checks: a candidate who is not one of the requester's records
        return pd.DataFrame([], columns=LINK_COLUMNS, dtype=object)
    rows: list[tuple[object, ...]] = []
    for chunk in _chunks(ids):
        query = (
            select(
                Organisation.code, RecordLink.record_id, Person.id, Person.uid, RecordLink.method
            )
            .join(Organisation, Organisation.id == RecordLink.organisation_id)
            .join(Person, Person.id == RecordLink.person_id)
            .where(Organisation.code == org_code, RecordLink.record_id.in_(chunk))
        )
        rows.extend(tuple(r) for r in session.execute(query))
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def cleared_persons(
    session: Session, org_code: str, record_ids: Iterable[str]
) -> dict[str, set[str]]:
    """Per own record id: persons an analyst judged different from it (a rejected pair)."""
    ids = sorted({r for r in record_ids if r})
    own = (
        select(PersonnelRecord.id, PersonnelRecord.record_id)
        .join(Organisation, Organisation.id == PersonnelRecord.organisation_id)
        .where(Organisation.code == org_code)
    )
    cleared: dict[str, set[str]] = {}
    for chunk in _chunks(ids):
        pk_to_id = {
            int(pk): str(r)
            for pk, r in session.execute(own.where(PersonnelRecord.record_id.in_(chunk)))
        }
        for own_pk, uid in _rejected_partners(session, list(pk_to_id)):
            cleared.setdefault(pk_to_id[own_pk], set()).add(uid)
    return cleared


def _rejected_partners(session: Session, pks: list[int]) -> list[tuple[int, str]]:
    """(own pk, other record's person uid) of every rejected pair touching `pks`."""
    if not pks:
        return []
    other = PersonnelRecord.__table__.alias("other")
    found: list[tuple[int, str]] = []
    for own_side, other_side in (
        (MatchCandidate.left_record_id, MatchCandidate.right_record_id),
        (MatchCandidate.right_record_id, MatchCandidate.left_record_id),
    ):
        query = (
            select(own_side, Person.uid)
            .join(other, other.c.id == other_side)
            .join(
                RecordLink,
                and_(
                    RecordLink.organisation_id == other.c.organisation_id,
                    RecordLink.record_id == other.c.record_id,
                ),
            )
            .join(Person, Person.id == RecordLink.person_id)
            .where(own_side.in_(pks), MatchCandidate.status == "rejected")
        )
        found.extend((int(pk), str(uid)) for pk, uid in session.execute(query))
    return found
