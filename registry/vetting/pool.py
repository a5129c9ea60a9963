"""The retrieved candidates as the engine scores them: normalised values, nothing else.

A check retrieves up to 200 records per query row, and most score below the review
threshold. Scoring needs only each record's normalised form, one small row of
`record_forms`; the records themselves, their links, persons and allegations (rows
of several tables, read at random) are loaded afterwards for the few that scored.

A candidate this process keeps prepared (`resident`) is not decoded at all unless
something reads its values: the row-wise engine scores the prepared one, and only the
few at or above review are explained from their values.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from linkage import NORMALISED_FORM_VERSION, PreparedRecord
from registry.frames import ORG, PK
from registry.vetting import resident
from registry.vetting.candidates import live_records, records_frame, stored_forms
from registry.vetting.normalised import Values, candidate_rows, decode_form


@dataclass(frozen=True)
class CandidatePool:
    """Candidate records by position (ascending pk), with their normalised values."""

    pks: list[int]
    keys: list[Hashable]  # per position: its stored form's text, or its values if it has none
    position: dict[int, int]  # record pk -> position
    kept: list[PreparedRecord | None]  # per position: as this process keeps it prepared
    _values: list[Values | None] = field(repr=False)  # decoded when first read

    def values_at(self, i: int) -> Values:
        """The normalised values of the candidate at position `i`."""
        found = self._values[i]
        if found is None:
            # Only a kept candidate is left undecoded, and its form decoded when it was kept.
            found = decode_form(str(self.keys[i]))
            assert found is not None, "a kept form decodes"
            self._values[i] = found
        return found

    @property
    def values(self) -> list[Values]:
        """The normalised values of every candidate, by position."""
        return [self.values_at(i) for i in range(len(self.pks))]

    def prepared(self) -> list[PreparedRecord]:
        """Every candidate as the row-wise engine compares it, by position; those this
        process did not keep yet are prepared now, and kept."""
        return resident.prepare_missing(self.keys, self.kept, self.values_at)


def candidate_pool(session: Session, record_pks: Iterable[int]) -> CandidatePool:
    """The normalised values of these records: stored forms where they fit this engine,
    else normalised from the record (when it is live and current; others are left out)."""
    pks = sorted(set(record_pks))
    stored = stored_forms(session, pks)
    texts = {
        pk: form for pk, (version, form) in stored.items() if version == NORMALISED_FORM_VERSION
    }
    with_text = [pk for pk in pks if pk in texts]
    kept = dict(zip(with_text, resident.kept([texts[pk] for pk in with_text]), strict=True))
    keys: dict[int, Hashable] = {}
    values: dict[int, Values | None] = {}
    for pk in with_text:
        row = None if kept[pk] is not None else decode_form(texts[pk])
        if kept[pk] is not None or row is not None:
            keys[pk], values[pk] = texts[pk], row
    missing = [pk for pk in pks if pk not in keys]
    if missing:
        records, forms = live_records(session, missing)
        rows = candidate_rows(records_frame(records).drop(columns=[PK, ORG]), forms)
        fresh = [int(record[PK]) for record in records]
        for pk, row in zip(fresh, rows, strict=True):
            keys[pk], values[pk] = row, row
        kept.update(zip(fresh, resident.kept(rows), strict=True))
    ordered = [pk for pk in pks if pk in keys]
    return CandidatePool(
        ordered,
        [keys[pk] for pk in ordered],
        {pk: i for i, pk in enumerate(ordered)},
        [kept.get(pk) for pk in ordered],
        [values[pk] for pk in ordered],
    )
