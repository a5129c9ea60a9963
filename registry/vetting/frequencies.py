"""Registry-wide term frequencies for scoring a query against a handful of candidates.

Frequencies taken from ~100 retrieved candidates would make every name look rare
(each appears once or twice among them), so the frequency of a query's name and
date of birth comes from the whole registry: the size of its `n:` / `d:` key
bucket. The registry totals (records, agreement rate) change slowly and are
cached per process for `TTL_SECONDS`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from linkage import FrequencyTable
from linkage import columns as c
from registry.models import RecordKey
from registry.vetting.keys import DOB, KEY_LEN, NAME, dob_number

TTL_SECONDS = 600.0
_PREFIXES = {"name": NAME, "date_of_birth": DOB}
DOB_COLUMNS = [c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY]
_cache: dict[tuple[str, str], tuple[float, int, float]] = {}
_lock = threading.Lock()


def _prefix_totals(session: Session, prefix: str) -> tuple[int, float]:
    """(records holding a key with `prefix`, chance two such records share the key)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # an index range scan, not LIKE
    sizes = (
        select(func.count().label("n"))
        .where(RecordKey.key >= prefix, RecordKey.key < upper)
        .group_by(RecordKey.key)
        .subquery()
    )
    total, squares = session.execute(
        select(func.sum(sizes.c.n), func.sum(sizes.c.n * sizes.c.n))
    ).one()
    total = int(total or 0)
    return total, (float(squares) / total**2) if total else 1.0


def _totals(session: Session, prefix: str) -> tuple[int, float]:
    url = str(session.get_bind().engine.url)
    now = time.monotonic()
    with _lock:
        cached = _cache.get((url, prefix))
    if cached is not None and now - cached[0] < TTL_SECONDS:
        return cached[1], cached[2]
    total, mean = _prefix_totals(session, prefix)
    with _lock:
        _cache[(url, prefix)] = (now, total, mean)
    return total, mean


def forget_totals() -> None:
    """Drop the cached registry totals (tests, or after a bulk import)."""
    with _lock:
        _cache.clear()


def _query_values(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, object]]:
    """Per TF feature: the registry key of each distinct query value -> the value as the
    engine's frequency tables hold it (name_sorted text; YYYYMMDD date code)."""
    names: dict[str, object] = {}
    dates: dict[str, object] = {}
    for row in rows:
        name = row.get(c.NAME_SORTED)
        if isinstance(name, str) and name:
            names[(NAME + name)[:KEY_LEN]] = name
        code = dob_number({col: row.get(col) for col in DOB_COLUMNS})
        if code is not None:
            dates[(DOB + str(code))[:KEY_LEN]] = code
    return {"name": names, "date_of_birth": dates}


def registry_tables(
    session: Session, rows: Sequence[Mapping[str, Any]], counts: dict[str, int]
) -> dict[str, FrequencyTable]:
    """Frequency tables for the normalised query rows' names and dates, from
    registry-wide counts."""
    tables = {}
    for feature, values in _query_values(rows).items():
        total, mean = _totals(session, _PREFIXES[feature])
        if total == 0:
            continue  # an empty registry: score without adjustment
        found = {value: counts.get(key, 0) / total for key, value in values.items()}
        frequencies = pd.Series({v: f for v, f in found.items() if f > 0}, dtype="float64")
        tables[feature] = FrequencyTable(frequencies, mean, 1.0 / max(total, 1), left_only=True)
    return tables
