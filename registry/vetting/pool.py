"""The retrieved candidates as the engine scores them: normalised values, nothing else.

A check retrieves up to 200 records per query row, and most score below the review
threshold. Scoring needs only each record's normalised form, one small row of
`record_forms`; the records themselves, their links, persons and allegations (rows
of several tables, read at random) are loaded afterwards for the few that scored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from registry.frames import ORG, PK
from registry.vetting.candidates import live_records, records_frame, stored_forms
from registry.vetting.normalised import Values, candidate_rows, decode_stored


@dataclass(frozen=True)
class CandidatePool:
    """Candidate records by position (ascending pk), with their normalised values."""

    pks: list[int]
    values: list[Values]
    position: dict[int, int]  # record pk -> position


def candidate_pool(session: Session, record_pks: Iterable[int]) -> CandidatePool:
    """The normalised values of these records: stored forms where they fit this engine,
    else normalised from the record (when it is live and current; others are left out)."""
    pks = sorted(set(record_pks))
    stored = stored_forms(session, pks)
    found: dict[int, Values] = {}
    for pk in pks:
        row = decode_stored(stored.get(pk))
        if row is not None:
            found[pk] = row
    missing = [pk for pk in pks if pk not in found]
    if missing:
        records, forms = live_records(session, missing)
        rows = candidate_rows(records_frame(records).drop(columns=[PK, ORG]), forms)
        found.update(zip([int(r[PK]) for r in records], rows, strict=True))
    kept = [pk for pk in pks if pk in found]
    return CandidatePool(kept, [found[pk] for pk in kept], {pk: i for i, pk in enumerate(kept)})
