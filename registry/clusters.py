"""Keeping persons in step with analysts' decisions: confirmations merge, rejections split.

A person is the set of submitters' records linked to it (RecordLink). Person ids are
stable: a merge keeps the older person and points the other at it (`merged_into_id`);
a split keeps the left record's person and gives the moved records a new one.
"""

from __future__ import annotations

import uuid
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from registry.errors import Conflict, NotFound
from registry.models import MatchCandidate, Person, PersonnelRecord, RecordLink, ReviewDecision

Key = tuple[int, str]
"""A submitter's record across its versions: (organisation id, record_id)."""


@dataclass(frozen=True)
class ClusterChange:
    """What a decision did to the persons: `merged`, `split` or `unchanged`."""

    kind: str
    person_id: int | None = None
    other_person_id: int | None = None
    moved: tuple[Key, ...] = field(default_factory=tuple)


def resolve_person_id(session: Session, person_id: int) -> int:
    """The surviving person an old (possibly merged-away) person id stands for."""
    seen: set[int] = set()
    while person_id not in seen:
        seen.add(person_id)
        target = session.scalar(select(Person.merged_into_id).where(Person.id == person_id))
        if target is None:
            return person_id
        person_id = target
    return person_id


def record_key(session: Session, record_pk: int) -> Key:
    """(organisation id, record_id) of a personnel record version."""
    row = session.execute(
        select(PersonnelRecord.organisation_id, PersonnelRecord.record_id).where(
            PersonnelRecord.id == record_pk
        )
    ).first()
    if row is None:
        raise NotFound(f"personnel record {record_pk} does not exist")
    return int(row[0]), str(row[1])


def link_of(session: Session, key: Key) -> RecordLink | None:
    """The link of a submitter's record to its person, if linked."""
    return session.scalar(
        select(RecordLink).where(
            RecordLink.organisation_id == key[0], RecordLink.record_id == key[1]
        )
    )


def ensure_link(session: Session, key: Key) -> RecordLink:
    """The record's link, creating a person of its own when it has none yet."""
    link = link_of(session, key)
    if link is None:
        person = Person(uid=str(uuid.uuid4()))
        session.add(person)
        session.flush()
        link = RecordLink(
            organisation_id=key[0], record_id=key[1], person_id=person.id, method="singleton"
        )
        session.add(link)
        session.flush()
    return link


def person_versions(session: Session, person_ids: Iterable[int]) -> dict[int, Key]:
    """Every version's pk of the persons' records, mapped to the record's key."""
    query = (
        select(PersonnelRecord.id, PersonnelRecord.organisation_id, PersonnelRecord.record_id)
        .join(
            RecordLink,
            and_(
                RecordLink.organisation_id == PersonnelRecord.organisation_id,
                RecordLink.record_id == PersonnelRecord.record_id,
            ),
        )
        .where(RecordLink.person_id.in_(list(person_ids)))
    )
    return {int(pk): (int(org), str(rid)) for pk, org, rid in session.execute(query)}


def _edges(
    session: Session, versions: dict[int, Key], statuses: tuple[str, ...], band: str | None = None
) -> list[tuple[Key, Key]]:
    """Candidate pairs among `versions` in `statuses` (and `band`), as record keys."""
    pks = list(versions)
    query = select(MatchCandidate.left_record_id, MatchCandidate.right_record_id).where(
        MatchCandidate.left_record_id.in_(pks),
        MatchCandidate.right_record_id.in_(pks),
        MatchCandidate.status.in_(statuses),
    )
    if band is not None:
        query = query.where(MatchCandidate.band == band)
    return sorted((versions[a], versions[b]) for a, b in session.execute(query))


def _merge(session: Session, left: Key, right: Key) -> ClusterChange:
    links = ensure_link(session, left), ensure_link(session, right)
    for link in links:
        link.method = "analyst"
    ids = sorted({resolve_person_id(session, link.person_id) for link in links})
    if len(ids) == 1:
        return ClusterChange("unchanged", ids[0])
    survivor, gone = ids
    kept = set(person_versions(session, [survivor]).values())
    rejected = [
        (a, b)
        for a, b in _edges(session, person_versions(session, ids), ("rejected",))
        if (a in kept) != (b in kept)
    ]
    if rejected:
        raise Conflict(
            "confirming would join records an analyst judged different; review those pairs first",
            pairs=[list(p) for p in rejected],
        )
    moved = tuple(sorted(person_versions(session, [gone]).values()))
    for link in session.scalars(select(RecordLink).where(RecordLink.person_id == gone)):
        link.person_id = survivor
    # Repoint earlier merges too, so every old id resolves in one step.
    for person in session.scalars(
        select(Person).where(or_(Person.id == gone, Person.merged_into_id == gone))
    ):
        person.merged_into_id = survivor
    return ClusterChange("merged", survivor, gone, moved)


class _Groups:
    """Records joined by analyst-confirmed pairs (union-find over keys)."""

    def __init__(self, keys: Iterable[Key], confirmed: Iterable[tuple[Key, Key]]) -> None:
        self.parent = {key: key for key in keys}
        for a, b in confirmed:
            self.parent[self.find(a)] = self.find(b)

    def find(self, key: Key) -> Key:
        """The representative of `key`'s group."""
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def members(self, key: Key) -> list[Key]:
        """Every key in `key`'s group."""
        root = self.find(key)
        return [k for k in self.parent if self.find(k) == root]


def _moving_keys(session: Session, versions: dict[int, Key], left: Key, right: Key) -> set[Key]:
    """The right record, its confirmed group and what hangs on them by auto links only."""
    confirmed = _edges(session, versions, ("confirmed",))
    groups = _Groups(set(versions.values()), confirmed)
    if groups.find(left) == groups.find(right):
        raise Conflict(
            "the two records are joined through analyst-confirmed pairs; "
            "reject one of those pairs instead",
            pairs=[list(p) for p in confirmed],
        )
    neighbours: dict[Key, set[Key]] = defaultdict(set)
    statuses = ("pending", "awaiting_second", "unsure", "confirmed")
    for a, b in [*_edges(session, versions, statuses, band="link"), *confirmed]:
        neighbours[a].add(b)
        neighbours[b].add(a)
    staying, moving = groups.find(left), set(groups.members(right))
    todo = deque(sorted(moving))
    while todo:
        for other in sorted(neighbours[todo.popleft()]):
            if other not in moving and groups.find(other) != staying:
                group = groups.members(other)
                moving.update(group)
                todo.extend(sorted(group))
    return moving


def _split(session: Session, left: Key, right: Key) -> ClusterChange:
    left_link, right_link = link_of(session, left), link_of(session, right)
    if left_link is None or right_link is None or left_link.person_id != right_link.person_id:
        return ClusterChange("unchanged", left_link.person_id if left_link else None)
    person_id = left_link.person_id
    moving = _moving_keys(session, person_versions(session, [person_id]), left, right)
    person = Person(uid=str(uuid.uuid4()))
    session.add(person)
    session.flush()
    for key in sorted(moving):
        link = link_of(session, key)
        if link is not None:
            link.person_id = person.id
            link.method = "singleton" if len(moving) == 1 else link.method
    session.flush()
    return ClusterChange("split", person_id, person.id, tuple(sorted(moving)))


def apply_decision(session: Session, candidate_id: int) -> ClusterChange:
    """Bring the persons in line with the candidate's review status, at once."""
    candidate = session.get(MatchCandidate, candidate_id)
    if candidate is None:
        raise NotFound(f"match candidate {candidate_id} does not exist")
    left = record_key(session, candidate.left_record_id)
    right = record_key(session, candidate.right_record_id)
    if candidate.status == "confirmed":
        change = _merge(session, left, right)
    elif candidate.status == "rejected":
        change = _split(session, left, right)
    else:
        change = ClusterChange("unchanged")
    session.flush()
    return change


def _current_pks(session: Session, pks: set[int]) -> dict[int, int]:
    """Each record version's pk mapped to the pk of its record's current version."""
    found = session.execute(
        select(
            PersonnelRecord.id, PersonnelRecord.organisation_id, PersonnelRecord.record_id
        ).where(PersonnelRecord.id.in_(pks))
    )
    keys = {int(pk): (int(org), str(rid)) for pk, org, rid in found}
    orgs = sorted({org for org, _ in keys.values()})
    rids = sorted({rid for _, rid in keys.values()})
    query = select(
        PersonnelRecord.id, PersonnelRecord.organisation_id, PersonnelRecord.record_id
    ).where(
        PersonnelRecord.is_current.is_(True),
        PersonnelRecord.organisation_id.in_(orgs),
        PersonnelRecord.record_id.in_(rids),
    )
    current = {(int(org), str(rid)): int(pk) for pk, org, rid in session.execute(query)}
    return {pk: current.get(key, pk) for pk, key in keys.items()}


def decision_constraints(session: Session) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(must-link, cannot-link) pairs of current personnel_records ids from standing decisions."""
    query = (
        select(
            ReviewDecision.decision,
            MatchCandidate.status,
            MatchCandidate.left_record_id,
            MatchCandidate.right_record_id,
        )
        .join(MatchCandidate, MatchCandidate.id == ReviewDecision.candidate_id)
        .where(ReviewDecision.superseded_by_id.is_(None))
    )
    rows = [
        (d, s, int(a), int(b))
        for d, s, a, b in session.execute(query)
        if (d, s) in (("same", "confirmed"), ("different", "rejected"))
    ]
    current = _current_pks(session, {pk for *_, a, b in rows for pk in (a, b)})
    must: set[tuple[int, int]] = set()
    cannot: set[tuple[int, int]] = set()
    for decision, _, a, b in rows:
        pair = (min(current[a], current[b]), max(current[a], current[b]))
        (must if decision == "same" else cannot).add(pair)
    return sorted(must), sorted(cannot)
