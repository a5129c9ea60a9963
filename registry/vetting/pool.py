"""The retrieved candidates as the engine scores them: normalised values, nothing else.

A check retrieves up to 200 records per query row, and most score below the review
threshold. Scoring needs only each record's normalised form, one small row of
`record_forms`; the records themselves, their links, persons and allegations (rows
of several tables, read at random) are loaded afterwards for the few that scored.

Row by row, a candidate this process keeps prepared (`resident`) is neither read nor
decoded: the engine scores the kept one, and the few at or above review are explained
from the form loaded with their record. The vectorised engine (a large roster batch)
needs every candidate's values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from linkage import PreparedRecord
from registry.frames import ORG, PK
from registry.vetting import resident
from registry.vetting.candidates import live_records, records_frame, stored_forms
from registry.vetting.normalised import Values, candidate_rows, decode_stored


@dataclass(frozen=True)
class CandidatePool:
    """Candidate records by position (ascending pk), with their normalised values."""

    pks: list[int]
    position: dict[int, int]  # record pk -> position
    kept: list[PreparedRecord | None]  # per position: as this process keeps it prepared
    decoded: list[Values | None] = field(repr=False)  # None where kept and not read

    def values_at(self, i: int) -> Values:
        """The normalised values of the candidate at position `i` (not a kept one's)."""
        found = self.decoded[i]
        if found is None:
            raise LookupError(f"candidate {self.pks[i]} is kept prepared; its values were not read")
        return found

    @property
    def values(self) -> list[Values]:
        """The normalised values of every candidate, by position (a pool made whole)."""
        return [self.values_at(i) for i in range(len(self.pks))]

    def prepared(self) -> list[PreparedRecord]:
        """Every candidate as the row-wise engine compares it, by position; those this
        process did not keep yet are prepared now, and kept."""
        return resident.prepare_missing(self.pks, self.kept, self.values_at)


def candidate_pool(
    session: Session, record_pks: Iterable[int], *, whole: bool = True
) -> CandidatePool:
    """The normalised values of these records: stored forms where they fit this engine,
    else normalised from the record (when it is live and current; others are left out).

    Unless `whole`, candidates this process keeps prepared are taken as kept, unread.
    """
    pks = sorted(set(record_pks))
    kept = dict(zip(pks, resident.kept(pks), strict=True))
    unread = pks if whole else [pk for pk in pks if kept[pk] is None]
    stored = stored_forms(session, unread)
    values: dict[int, Values | None] = {}
    if not whole:  # kept candidates are taken unread
        values = {pk: None for pk in pks if kept[pk] is not None}
    for pk in unread:
        row = decode_stored(stored.get(pk))
        if row is not None:
            values[pk] = row
    missing = [pk for pk in unread if pk not in values]
    if missing:
        records, forms = live_records(session, missing)
        rows = candidate_rows(records_frame(records).drop(columns=[PK, ORG]), forms)
        values.update(zip([int(r[PK]) for r in records], rows, strict=True))
    ordered = [pk for pk in pks if pk in values]
    return CandidatePool(
        ordered,
        {pk: i for i, pk in enumerate(ordered)},
        [kept[pk] for pk in ordered],
        [values[pk] for pk in ordered],
    )
