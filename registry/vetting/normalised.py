"""Normalised query and candidate records, with candidates cached per process by content.

A record's normalised form depends only on its field values, and checks keep meeting
the same candidates (namesakes of common names come back for every query that looks
like them), so each process remembers the normalised form of the records it has met,
keyed by their values: a new version of a record has new values and a new key, so
nothing is ever stale. A single query is normalised on its own, without the frame
machinery built for thousands of rows.

Registry records also carry their form as stored when they were indexed
(`record_forms`, JSON): a check reads it instead of normalising, and only a record
without a form of the engine's current NORMALISED_FORM_VERSION is normalised here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import orjson
import pandas as pd

from linkage import NORMALISED_FORM_VERSION, normalise_one, normalise_records
from linkage import columns as c
from linkage.normalise import OUTPUT_COLUMNS
from registry.vetting.lru import LruCache

MAX_CACHED = 50_000  # records per process; a few kilobytes each
FIELDS = [name for name in c.PERSONNEL_COLUMNS if name != c.RECORD_ID]
_NORMAL = [name for name in OUTPUT_COLUMNS if name != c.RECORD_ID]
_DATE_PARTS = (c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY)

# Collection columns: stored as JSON lists, read back as frozensets or tuples.
_SETS = (c.NAME_SYMBOLS,)
_TUPLES = (
    c.NAME_TOKENS,
    c.GIVEN_TOKENS,
    c.FAMILY_TOKENS,
    c.NAME_PHONETIC,
    c.NAME_SKELETON,
    c.ALIAS_SORTED,
    c.ISSUES,
)

_TUPLE_AT = [_NORMAL.index(name) for name in _TUPLES]
_SET_AT = [_NORMAL.index(name) for name in _SETS]
_COLLECTIONS_AT = _TUPLE_AT + _SET_AT

Values = tuple[Any, ...]
_cache: LruCache[Values, Values] = LruCache(MAX_CACHED)  # field values -> normalised


def normalise_queries(raw: pd.DataFrame) -> pd.DataFrame:
    """The engine's normalised frame of the query rows (personnel columns as text)."""
    if len(raw) == 1:
        return normalise_one({str(k): v for k, v in raw.iloc[0].items()})
    return normalise_records(raw)


def _field_values(raw: pd.DataFrame) -> list[Values]:
    columns = [raw[name].to_numpy(dtype=object) for name in FIELDS]
    return [
        tuple("" if v is None or v != v else str(v) for v in row)
        for row in zip(*columns, strict=True)
    ]


def _normalise_misses(raw: pd.DataFrame, positions: list[int], keys: list[Values]) -> list[Values]:
    frame = normalise_records(raw.iloc[positions].reset_index(drop=True))
    columns = [frame[name].to_numpy(dtype=object) for name in _NORMAL]
    rows = [tuple(_plain(v) for v in row) for row in zip(*columns, strict=True)]
    _cache.put_many(list(zip(keys, rows, strict=True)))
    return rows


def _plain(value: Any) -> Any:
    """pd.NA (from nullable integer columns) as None, so cached rows hold plain values."""
    return None if value is pd.NA else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return _plain(value)


def encode_forms(normalised: pd.DataFrame) -> list[str]:
    """Each row of a normalised frame as the JSON text `record_forms` keeps."""
    columns = [normalised[name].to_numpy(dtype=object) for name in _NORMAL]
    return [
        json.dumps([_jsonable(v) for v in row], ensure_ascii=False, separators=(",", ":"))
        for row in zip(*columns, strict=True)
    ]


def decode_form(text: str) -> Values | None:
    """A stored form back as a cached row's values; None when it does not fit this engine."""
    try:
        values = orjson.loads(text)  # a roster decodes ~90,000 forms per batch
    except orjson.JSONDecodeError:
        return None
    if not isinstance(values, list) or len(values) != len(_NORMAL):
        return None
    # Only the collection columns need converting: a roster meets ~100k forms.
    for i in _COLLECTIONS_AT:
        if type(values[i]) is not list:
            return None
    for i in _TUPLE_AT:
        values[i] = tuple(values[i])
    for i in _SET_AT:
        values[i] = frozenset(values[i])
    return tuple(values)


def decode_stored(stored: tuple[int, str] | None) -> Values | None:
    """A record's stored (version, form) as values, when it is of this engine's version."""
    if stored is None or stored[0] != NORMALISED_FORM_VERSION:
        return None
    return decode_form(stored[1])


def _frame(record_ids: list[str], rows: list[Values]) -> pd.DataFrame:
    """Cached rows back in the engine's frame layout and dtypes."""
    data: dict[str, Any] = {c.RECORD_ID: np.array(record_ids, dtype=object)}
    # One transposition in C, where a list per column read every row 40 times.
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in _NORMAL]
    for name, values in zip(_NORMAL, by_column, strict=True):
        if name in _DATE_PARTS:
            data[name] = pd.array(values, dtype="Int64")
        else:
            column = np.empty(len(values), dtype=object)
            column[:] = values
            data[name] = column
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))[list(OUTPUT_COLUMNS)]


def candidate_rows(
    raw: pd.DataFrame, stored: Sequence[tuple[int, str] | None] | None = None
) -> list[Values]:
    """The normalised values (OUTPUT_COLUMNS but the record id) of each registry record of
    `raw`, from their stored forms (`stored`: (version, form) per row, or None) where they
    fit this engine, else from this process's earlier work or normalising afresh."""
    found = [decode_stored(form) for form in (stored or [None] * len(raw))]
    if any(row is None for row in found):
        keys = _field_values(raw)
        cached = _cache.get_many(keys)
        found = [row if row is not None else hit for row, hit in zip(found, cached, strict=True)]
        missing = [i for i, row in enumerate(found) if row is None]
        if missing:
            fresh = _normalise_misses(raw, missing, [keys[i] for i in missing])
            for i, row in zip(missing, fresh, strict=True):
                found[i] = row
    return [row for row in found if row is not None]


def rows_frame(record_ids: Sequence[str], rows: Sequence[Values]) -> pd.DataFrame:
    """candidate_rows' values as the engine's normalised frame."""
    return _frame([str(r) for r in record_ids], list(rows))


def as_record(row: Values) -> dict[str, Any]:
    """candidate_rows' values of one record by column name (no record id)."""
    return dict(zip(_NORMAL, row, strict=True))


def forget_normalised() -> None:
    """Empty the cache (tests)."""
    _cache.clear()
