"""Retrieval keys: what a vetting query and a registry record must share to be compared.

Keys are built from the engine's normalised columns, one kind per prefix. Recall
matters more than precision: a missed key lets a record escape every check, while
an extra key only costs a comparison (and the ranking and cap in `candidates`
keep that cost bounded). `n:` and `d:` also give the registry-wide frequency of a
name and a date of birth for term-frequency adjustment; `d:` alone is never used
to retrieve (a birth date by itself says little).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import and_, delete, insert, select
from sqlalchemy.orm import Session

from linkage import columns as c
from linkage import normalise_records
from linkage.blocking import token_pair_keys
from registry.frames import ORG, PK, current_personnel_frame
from registry.models import PersonnelRecord, RecordKey

log = logging.getLogger(__name__)

POSITION, KEY = "position", "key"
KEY_LEN = 80
NAME, DOB = "n:", "d:"
STRONG_PREFIXES = ("pa:", "ni:", "sn:")
FREQUENCY_ONLY = (DOB,)
BATCH = 5_000

_IDENTIFIERS = ((c.PASSPORT_N, "pa:"), (c.NATIONAL_ID_N, "ni:"), (c.SERVICE_N, "sn:"))


def _exploded(frame: pd.DataFrame, column: str) -> pd.Series:
    """One string per (position, item) of a tuple column; empty items dropped."""
    items = frame[column].reset_index(drop=True).explode().dropna().astype(str)
    return items[items != ""]


def _present(series: pd.Series) -> pd.Series:
    values = series.reset_index(drop=True)
    values = values[values.notna()].astype(str)
    return values[values != ""]


def _full_dob(frame: pd.DataFrame) -> pd.Series:
    """YYYY-MM-DD where the whole date is known."""
    parts = [
        frame[col].reset_index(drop=True).astype("string")
        for col in (c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY)
    ]
    return (parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)).dropna()


def dob_code(frame: pd.DataFrame) -> pd.Series:
    """The engine's YYYYMMDD code (00 for an unknown month or day) where the year is known."""
    year = frame[c.DOB_YEAR].reset_index(drop=True).astype("Float64")
    month = frame[c.DOB_MONTH].reset_index(drop=True).astype("Float64").fillna(0)
    day = frame[c.DOB_DAY].reset_index(drop=True).astype("Float64").fillna(0)
    code = (year * 10000 + month.clip(0, 99) * 100 + day.clip(0, 99)).dropna()
    return code.astype("int64").astype(str)


def _with_year(tokens: pd.Series, frame: pd.DataFrame) -> pd.Series:
    years = frame[c.DOB_YEAR].reset_index(drop=True).astype("string").reindex(tokens.index)
    return (tokens + "|" + years)[years.notna()]


def _name_keys(frame: pd.DataFrame) -> list[pd.Series]:
    joined_aliases = _exploded(frame, c.ALIAS_SORTED).str.replace(" ", "", regex=False)
    phonetic = _exploded(frame, c.NAME_PHONETIC)
    return [
        NAME + _present(frame[c.NAME_SORTED]),
        "j:" + pd.concat([_present(frame[c.NAME_JOINED]), joined_aliases]),
        "pp:" + token_pair_keys(c.NAME_PHONETIC)(frame.reset_index(drop=True)),
        "sp:" + token_pair_keys(c.NAME_SKELETON)(frame.reset_index(drop=True)),
        "py:" + _with_year(phonetic, frame),
    ]


def _date_keys(frame: pd.DataFrame) -> list[pd.Series]:
    dob = _full_dob(frame)
    initials = _present(frame[c.INITIALS]).reindex(dob.index)
    nationality = frame[c.NATIONALITY_N].reset_index(drop=True).fillna("?").astype(str)
    return [
        "i:" + (initials + "|" + dob).dropna(),
        "dn:" + dob + "|" + nationality.reindex(dob.index),
        DOB + dob_code(frame),
    ]


def retrieval_keys(normalised: pd.DataFrame) -> pd.DataFrame:
    """(position, key) for every key of every record of a normalised frame, deduplicated."""
    parts = [*_name_keys(normalised), *_date_keys(normalised)]
    parts += [prefix + _present(normalised[col]) for col, prefix in _IDENTIFIERS]
    keys = (
        pd.concat([p for p in parts if len(p)])
        if any(len(p) for p in parts)
        else pd.Series([], dtype=object)
    )
    out = pd.DataFrame(
        {
            POSITION: keys.index.to_numpy(dtype="int64"),
            KEY: keys.astype(str).str.slice(0, KEY_LEN).to_numpy(dtype=object),
        }
    )
    return out.drop_duplicates().sort_values([POSITION, KEY], ignore_index=True)


def is_retrieving(keys: pd.Series) -> pd.Series:
    """Which keys may retrieve candidates (frequency-only keys may not)."""
    return ~keys.str.startswith(FREQUENCY_ONLY)


def is_strong(keys: pd.Series) -> pd.Series:
    """Which keys are a strong identifier (passport, national id, service number)."""
    return keys.str.startswith(STRONG_PREFIXES)


def _stale_versions(session: Session, pks: Sequence[int]) -> list[int]:
    """Other versions of the same records that are no longer current, or withdrawn."""
    same = PersonnelRecord.__table__.alias("same")
    query = (
        select(same.c.id)
        .join(
            PersonnelRecord,
            and_(
                same.c.organisation_id == PersonnelRecord.organisation_id,
                same.c.record_id == PersonnelRecord.record_id,
            ),
        )
        .where(PersonnelRecord.id.in_(pks))
        .where((same.c.is_current.is_(False)) | same.c.withdrawn_at.is_not(None))
    )
    return [int(pk) for pk in session.scalars(query)]


def _delete_keys(session: Session, pks: Sequence[int]) -> None:
    for start in range(0, len(pks), BATCH):
        chunk = list(pks[start : start + BATCH])
        session.execute(delete(RecordKey).where(RecordKey.personnel_record_id.in_(chunk)))


def index_records(session: Session, record_pks: Iterable[int]) -> int:
    """(Re)write the retrieval keys of these personnel records (no commit); returns keys written.

    Keys of withdrawn or superseded versions (of these records) are removed, so they can
    never be retrieved; current records get fresh keys.
    """
    pks = sorted(set(record_pks))
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        _delete_keys(session, sorted(set(chunk) | set(_stale_versions(session, chunk))))
    frame = current_personnel_frame(session, record_pks=pks)
    if frame.empty:
        return 0
    keys = retrieval_keys(normalise_records(frame.drop(columns=[PK, ORG])))
    owners = frame[PK].to_numpy()[keys[POSITION].to_numpy()]
    rows = [
        {"personnel_record_id": int(pk), "key": key}
        for pk, key in zip(owners, keys[KEY], strict=True)
    ]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(RecordKey), rows[start : start + BATCH])
    log.info("indexed %d records with %d retrieval keys", len(frame), len(rows))
    return len(rows)
