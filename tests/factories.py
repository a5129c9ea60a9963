"""Tiny factories for registry rows: `make_record(session, **overrides)`."""

from __future__ import annotations

import hashlib
import itertools
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import Organisation, PersonnelRecord, Submission

_counter = itertools.count(1)


def make_org(session: Session, code: str = "BGD", kind: str = "state") -> Organisation:
    """The organisation `code`, created on first use."""
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        org = Organisation(code=code, name=code, kind=kind)
        session.add(org)
        session.flush()
    return org


def make_submission(session: Session, org: Organisation, kind: str = "personnel") -> Submission:
    """An accepted submission row for `org`."""
    sub = Submission(
        uid=str(uuid.uuid4()),
        organisation_id=org.id,
        kind=kind,
        submitted_by="tester",
        file_name="test.csv",
        file_sha256=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
        file_format="csv",
        status="accepted",
    )
    session.add(sub)
    session.flush()
    return sub


def make_record(session: Session, org_code: str = "BGD", **fields: Any) -> PersonnelRecord:
    """A current personnel record with sensible defaults, overridable per field."""
    org = make_org(session, org_code)
    sub = make_submission(session, org)
    values: dict[str, Any] = {
        "record_id": f"R{next(_counter):06d}",
        "family_name": "Karim",
        "given_names": "Abdul",
        "date_of_birth": "1985-03-14",
        "nationality": "BGD",
        "sex": "M",
    }
    values.update(fields)
    record = PersonnelRecord(
        organisation_id=org.id, submission_id=sub.id, content_hash=uuid.uuid4().hex, **values
    )
    session.add(record)
    session.flush()
    return record


def make_explanation(**levels: tuple[str, float]) -> list[dict[str, Any]]:
    """An engine explanation: one entry per field as (level label, weight)."""
    return [
        {"field": name, "level": label, "weight": weight, "left": None, "right": None,
         "similarity": None}
        for name, (label, weight) in levels.items()
    ]


def make_link(
    session: Session, record: PersonnelRecord, person: Any = None, method: str = "auto"
) -> Any:
    """Link `record` to `person` (a new person when None); returns the person."""
    from registry.models import Person, RecordLink

    if person is None:
        person = Person(uid=str(uuid.uuid4()))
        session.add(person)
        session.flush()
    session.add(RecordLink(organisation_id=record.organisation_id, record_id=record.record_id,
                           person_id=person.id, method=method))
    session.flush()
    return person


def make_candidate(
    session: Session, left: PersonnelRecord, right: PersonnelRecord, **fields: Any
) -> Any:
    """A scored pair of two records (ids ordered left < right), pending review by default."""
    from registry.models import MatchCandidate

    low, high = sorted([left.id, right.id])
    values: dict[str, Any] = {
        "score": 0.8, "match_weight": 2.0, "band": "review", "model_name": "vetreg-fs",
        "model_version": "1", "status": "pending",
        "explanation": make_explanation(name=("similar .92", 6.5), date_of_birth=("exact", 13.5),
                                        nationality=("same", 2.6), sex=("same", 1.0)),
    }
    values.update(fields)
    candidate = MatchCandidate(left_record_id=low, right_record_id=high, **values)
    session.add(candidate)
    session.flush()
    return candidate


def make_allegation(
    session: Session, record: PersonnelRecord, status: str = "substantiated", **fields: Any
) -> Any:
    """An allegation whose subject is `record`."""
    from registry.models import Allegation, Organisation

    org = session.get(Organisation, record.organisation_id)
    assert org is not None
    sub = make_submission(session, org, kind="allegations")
    n = next(_counter)
    values: dict[str, Any] = {
        "case_number": f"VR-2026-{n:06d}-0", "source_reference": f"A{n:06d}",
        "category": "sexual_exploitation", "mission": "MINUSCA",
    }
    values.update(fields)
    allegation = Allegation(
        organisation_id=org.id, submission_id=sub.id, subject_record_id=record.record_id,
        content_hash=uuid.uuid4().hex, status=status, **values
    )
    session.add(allegation)
    session.flush()
    return allegation
