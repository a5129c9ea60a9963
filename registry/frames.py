"""The one place where registry rows become DataFrames for the linkage engine and back."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from linkage.columns import PERSONNEL_COLUMNS, RECORD_ID
from registry.intake.bulk import chunked
from registry.models import Organisation, PersonnelRecord

# The engine needs ids unique across organisations; a record is (organisation, record_id).
ENGINE_ID_SEPARATOR = ":"
PK = "pk"
ORG = "org"

_FIELDS = [c for c in PERSONNEL_COLUMNS if c != RECORD_ID]


def engine_id(org_code: str, record_id: str) -> str:
    """The id under which the engine knows a submitter's record."""
    return f"{org_code}{ENGINE_ID_SEPARATOR}{record_id}"


def split_engine_id(value: str) -> tuple[str, str]:
    """(organisation code, record_id) of an engine id."""
    org, _, record_id = value.partition(ENGINE_ID_SEPARATOR)
    return org, record_id


def _current_records_query() -> Select[tuple[object, ...]]:
    columns = [getattr(PersonnelRecord, name) for name in _FIELDS]
    return (
        select(PersonnelRecord.id, Organisation.code, PersonnelRecord.record_id, *columns)
        .join(Organisation, Organisation.id == PersonnelRecord.organisation_id)
        .where(PersonnelRecord.is_current.is_(True), PersonnelRecord.withdrawn_at.is_(None))
    )


def _to_frame(rows: Iterable[tuple[object, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=[PK, ORG, "_rid", *_FIELDS])
    frame.insert(
        0, RECORD_ID, frame[ORG].astype(str) + ENGINE_ID_SEPARATOR + frame["_rid"].astype(str)
    )
    return frame.drop(columns="_rid")


def current_personnel_frame(
    session: Session, *, record_pks: Iterable[int] | None = None, chunk_size: int = 50_000
) -> pd.DataFrame:
    """Current, not withdrawn personnel records (all, or those with `record_pks`)."""
    query = _current_records_query().order_by(PersonnelRecord.id)
    if record_pks is not None:
        wanted = sorted(set(record_pks))
        parts = [
            _to_frame(session.execute(query.where(PersonnelRecord.id.in_(chunk))))
            for chunk in chunked(wanted, 5_000)
        ]
        return pd.concat(parts, ignore_index=True) if parts else _to_frame([])
    result = session.execute(query.execution_options(yield_per=chunk_size))
    parts = [_to_frame(part) for part in result.partitions()]
    return pd.concat(parts, ignore_index=True) if parts else _to_frame([])
