"""Facts about candidate records the outcome policy needs: persons, allegations, trust."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from linkage import columns as c
from registry.frames import ORG, PK
from registry.vetting.candidates import AllegationRow, CandidateData, Link

ANALYST = "analyst"
_STRONG = (c.PASSPORT_N, c.NATIONAL_ID_N)


def _split(engine_id: str) -> tuple[str, str]:
    org, _, record_id = engine_id.partition(":")
    return org, record_id


class Trust:
    """Looks up persons, allegations and link trust by candidate position."""

    def __init__(
        self,
        org: str,
        data: CandidateData,
        normalised: Sequence[Mapping[str, Any]],
        own_links: Sequence[Link],
    ) -> None:
        self.org = org
        self.records = data.records
        self.normalised = normalised  # per candidate position: its normalised values
        self.position = {int(r[PK]): i for i, r in enumerate(self.records)}
        self.keys = [_split(str(r[c.RECORD_ID])) for r in self.records]
        self.links = {(o, r): (p, u, m) for o, r, p, u, m in data.links}
        self.own = {r: (p, m) for _, r, p, _, m in own_links}
        # Grouped once: the policy asks per candidate pair, thousands of times per batch.
        self._by_person: dict[int, list[AllegationRow]] = {}
        self._by_record: dict[tuple[str, str], list[AllegationRow]] = {}
        for allegation in data.allegations:
            person = allegation["person_pk"]
            if person is not None:
                self._by_person.setdefault(int(person), []).append(allegation)
            subject = (str(allegation["org"]), str(allegation["subject_record_id"]))
            self._by_record.setdefault(subject, []).append(allegation)

    def _link(self, pos: int) -> tuple[int, str, str] | None:
        found = self.links.get(self.keys[pos])
        return None if found is None else (int(found[0]), str(found[1]), str(found[2]))

    def person_uid(self, pos: int) -> str | None:
        """The registry person id of the record (None while it is not linked yet)."""
        link = self._link(pos)
        return link[1] if link else None

    def owns(self, pos: int) -> bool:
        """Whether the requesting organisation submitted this record."""
        return str(self.records[pos][ORG]) == self.org

    def allegations_of(self, pos: int) -> list[AllegationRow]:
        """Live hit-status allegations of the record's person (or of the record when unlinked)."""
        link = self._link(pos)
        if link is not None:
            return self._by_person.get(link[0], [])
        return self._by_record.get(self.keys[pos], [])

    def _subjects(self, pos: int) -> list[int]:
        """The subject record pks of allegations_of(pos)."""
        return [int(a["subject_pk"]) for a in self.allegations_of(pos)]

    def has_allegation(self, pos: int) -> bool:
        """Whether the record's person has a live allegation with a hit status."""
        return bool(self._subjects(pos))

    def _share_strong(self, a: int, b: int) -> bool:
        left, right = self.normalised[a], self.normalised[b]
        same = [isinstance(left[col], str) and left[col] == right[col] for col in _STRONG]
        service = isinstance(left[c.SERVICE_N], str) and left[c.SERVICE_N] == right[c.SERVICE_N]
        nation = isinstance(left[c.NATIONALITY_N], str) and (
            left[c.NATIONALITY_N] == right[c.NATIONALITY_N]
        )
        return any(same) or (service and nation)

    def _method(self, pos: int) -> str | None:
        link = self._link(pos)
        return link[2] if link else None

    def tied(self, pos: int) -> bool:
        """Whether the record is an allegation's subject or firmly tied to one."""
        for subject_pk in self._subjects(pos):
            other = self.position.get(subject_pk)
            if other is None:
                continue
            both_confirmed = self._method(pos) == ANALYST and self._method(other) == ANALYST
            if other == pos or self._share_strong(pos, other) or both_confirmed:
                return True
        return False

    def confirmed(self, query_record_id: str, pos: int) -> bool:
        """The query is the requester's own record, linked to this one as an analyst confirmed."""
        if not query_record_id:
            return False
        if self.keys[pos] == (self.org, query_record_id):
            return True
        own, link = self.own.get(query_record_id), self._link(pos)
        return (
            own is not None
            and link is not None
            and own[0] == link[0]
            and own[1] == ANALYST
            and link[2] == ANALYST
        )
