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
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Table, and_, delete, func, select, text
from sqlalchemy.orm import Session

from linkage import NORMALISED_FORM_VERSION, normalise_records
from linkage import columns as c
from registry.frames import ORG, PK, current_personnel_frame
from registry.intake.bulk import insert_rows
from registry.models import PersonnelRecord, RecordForm, RecordKey, RecordKeyChange
from registry.vetting.normalised import encode_forms

log = logging.getLogger(__name__)

POSITION, KEY = "position", "key"
KEY_LEN = 80
KEY_CHANGES_LOCK = 0x76657472_65670002  # advisory lock of indexing runs on PostgreSQL
KEPT_CHANGES = 100_000  # record_key_changes entries kept (see _log_key_changes)
NAME, DOB = "n:", "d:"
STRONG_PREFIXES = ("pa:", "ni:", "sn:")
FREQUENCY_ONLY = (DOB,)
COUNTED_EXACTLY = (NAME, DOB)  # their bucket sizes are term frequencies
BATCH = 50_000

_IDENTIFIERS = ((c.PASSPORT_N, "pa:"), (c.NATIONAL_ID_N, "ni:"), (c.SERVICE_N, "sn:"))
# The normalised columns keys are made of.
KEY_COLUMNS = (
    c.NAME_SORTED,
    c.NAME_JOINED,
    c.ALIAS_SORTED,
    c.NAME_PHONETIC,
    c.NAME_SKELETON,
    c.INITIALS,
    c.DOB_YEAR,
    c.DOB_MONTH,
    c.DOB_DAY,
    c.NATIONALITY_N,
    *(col for col, _ in _IDENTIFIERS),
)


def _text(value: Any) -> str:
    """A present string value, else "" (None, NA and NaN are absent)."""
    return value if isinstance(value, str) else ""


def _number(value: Any) -> int | None:
    """An integer date part, else None (None, NA and NaN are unknown)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return int(value)


def _items(value: Any) -> list[str]:
    """The non-empty strings of a tuple column value."""
    return [str(v) for v in value if isinstance(v, str) and v] if isinstance(value, tuple) else []


def token_pairs(tokens: Sequence[str]) -> list[str]:
    """ "a|b" for every unordered pair of distinct tokens (a < b); a lone token by itself."""
    distinct = sorted(set(tokens))
    if len(distinct) == 1:
        return distinct
    return [f"{a}|{b}" for a, b in combinations(distinct, 2)]


def _name_keys(record: Mapping[str, Any], year: int | None) -> list[str]:
    phonetic = _items(record.get(c.NAME_PHONETIC))
    keys = [NAME + name for name in [_text(record.get(c.NAME_SORTED))] if name]
    keys += ["j:" + name for name in [_text(record.get(c.NAME_JOINED))] if name]
    keys += ["j:" + alias.replace(" ", "") for alias in _items(record.get(c.ALIAS_SORTED))]
    keys += ["pp:" + pair for pair in token_pairs(phonetic)]
    keys += ["sp:" + pair for pair in token_pairs(_items(record.get(c.NAME_SKELETON)))]
    if year is not None:
        keys += [f"py:{token}|{year}" for token in phonetic]
    return keys


def dob_number(record: Mapping[str, Any]) -> int | None:
    """The engine's YYYYMMDD code (00 for an unknown month or day) where the year is known."""
    year = _number(record.get(c.DOB_YEAR))
    if year is None:
        return None
    month, day = _number(record.get(c.DOB_MONTH)), _number(record.get(c.DOB_DAY))
    return year * 10000 + min(max(month or 0, 0), 99) * 100 + min(max(day or 0, 0), 99)


def _date_keys(record: Mapping[str, Any], year: int | None) -> list[str]:
    code = dob_number(record)
    if year is None or code is None:
        return []
    month, day = _number(record.get(c.DOB_MONTH)), _number(record.get(c.DOB_DAY))
    keys = [DOB + str(code)]
    if month is not None and day is not None:
        dob = f"{year}-{month:02d}-{day:02d}"
        initials = _text(record.get(c.INITIALS))
        nationality = record.get(c.NATIONALITY_N)
        keys += [f"i:{initials}|{dob}"] if initials else []
        keys.append(f"dn:{dob}|{nationality if isinstance(nationality, str) else '?'}")
    return keys


def record_keys(record: Mapping[str, Any]) -> list[str]:
    """Every retrieval key of one normalised record (a row of the engine's frame), once each."""
    year = _number(record.get(c.DOB_YEAR))
    keys = _name_keys(record, year) + _date_keys(record, year)
    keys += [prefix + v for col, prefix in _IDENTIFIERS if (v := _text(record.get(col)))]
    return list(dict.fromkeys(key[:KEY_LEN] for key in keys))


QueryKey = tuple[int, str]  # (position of the query row, retrieval key)


def row_keys(rows: Iterable[Mapping[str, Any]]) -> list[QueryKey]:
    """(position, key) for every key of every normalised row, deduplicated, in that order."""
    found: list[QueryKey] = []
    for position, row in enumerate(rows):
        found += [(position, key) for key in sorted(record_keys(row))]
    return found


def retrieval_keys(normalised: pd.DataFrame) -> pd.DataFrame:
    """row_keys of every record of a normalised frame, as a (position, key) frame."""
    columns = [col for col in KEY_COLUMNS if col in normalised.columns]
    values = zip(*(normalised[col].to_numpy(dtype=object) for col in columns), strict=True)
    found = row_keys(dict(zip(columns, row, strict=True)) for row in values)
    return pd.DataFrame(
        {
            POSITION: np.array([position for position, _ in found], dtype=np.int64),
            KEY: np.array([key for _, key in found], dtype=object),
        }
    )


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


def _lock_key_changes(session: Session) -> None:
    """Serialise indexing runs until commit, so that record_key_changes ids are committed
    in the order they are given (SQLite serialises writers itself)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": KEY_CHANGES_LOCK})


def _log_key_changes(session: Session, pks: Sequence[int]) -> None:
    """Append these records to record_key_changes, and drop all but the last KEPT_CHANGES
    entries: a process further behind than half of that loads every key afresh
    (key_index.RELOAD_AFTER), so none ever needs an older one."""
    table: Table = RecordKeyChange.__table__  # type: ignore[assignment]
    rows = [(pk,) for pk in pks]
    for start in range(0, len(rows), BATCH):
        insert_rows(session, table, ["personnel_record_id"], rows[start : start + BATCH])
    head = session.scalar(select(func.max(RecordKeyChange.id))) or 0
    if head > KEPT_CHANGES:
        session.execute(delete(RecordKeyChange).where(RecordKeyChange.id <= head - KEPT_CHANGES))


def _delete_keys(session: Session, pks: Sequence[int]) -> None:
    """Remove the retrieval keys and stored forms of these records."""
    for start in range(0, len(pks), BATCH):
        chunk = list(pks[start : start + BATCH])
        session.execute(delete(RecordKey).where(RecordKey.personnel_record_id.in_(chunk)))
        session.execute(delete(RecordForm).where(RecordForm.personnel_record_id.in_(chunk)))


def index_records(
    session: Session,
    record_pks: Iterable[int],
    current: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> int:
    """(Re)write the retrieval keys and stored normalised forms of these personnel records
    (no commit); returns keys written.

    Keys and forms of withdrawn or superseded versions (of these records) are removed, so
    they can never be retrieved; current records get fresh ones. `current` is the
    current records (registry.frames layout) with their normalised frame, row for row,
    when the caller has them already (a linking run): they are then neither read nor
    normalised again.
    """
    pks = sorted(set(record_pks))
    _lock_key_changes(session)
    touched: set[int] = set()
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        stale = sorted(set(chunk) | set(_stale_versions(session, chunk)))
        _delete_keys(session, stale)
        touched.update(stale)
    _log_key_changes(session, sorted(touched))
    if current is None:
        frame = current_personnel_frame(session, record_pks=pks)
        normalised = normalise_records(frame.drop(columns=[PK, ORG]))
    else:
        wanted = current[0][PK].isin(pks).to_numpy()
        frame = current[0][wanted].reset_index(drop=True)
        normalised = current[1][wanted].reset_index(drop=True)
    if frame.empty:
        return 0
    keys = retrieval_keys(normalised)
    owners = frame[PK].to_numpy()[keys[POSITION].to_numpy()]
    rows = list(zip(owners.tolist(), keys[KEY].tolist(), strict=True))
    table: Table = RecordKey.__table__  # type: ignore[assignment]
    for start in range(0, len(rows), BATCH):
        insert_rows(session, table, ["personnel_record_id", "key"], rows[start : start + BATCH])
    forms = [
        (pk, NORMALISED_FORM_VERSION, form)
        for pk, form in zip(frame[PK].tolist(), encode_forms(normalised), strict=True)
    ]
    form_table: Table = RecordForm.__table__  # type: ignore[assignment]
    for start in range(0, len(forms), BATCH):
        insert_rows(
            session,
            form_table,
            ["personnel_record_id", "version", "form"],
            forms[start : start + BATCH],
        )
    log.info("indexed %d records with %d retrieval keys", len(frame), len(rows))
    return len(rows)
