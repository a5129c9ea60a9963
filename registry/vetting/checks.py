"""A single vetting check: vet one candidate, store what was asked and answered, audit it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from linkage import columns as c
from registry.audit import ACTION_CHECK, append_audit
from registry.config import Settings
from registry.models import Submission, VettingCheck
from registry.vetting.batch import Request, RowResult, answer_batch, retrieve_one

_LATEST_SUBMISSION = select(func.max(Submission.id))


def registry_version(session: Session) -> int:
    """The registry's version: the id of the latest submission it holds (0 when empty)."""
    return int(session.scalar(_LATEST_SUBMISSION) or 0)


def parsed_query(fields: Mapping[str, Any]) -> dict[str, str]:
    """The personnel fields of a query that carry a value, in the interchange order."""
    values = {name: str(fields.get(name) or "").strip() for name in c.PERSONNEL_COLUMNS}
    return {name: value for name, value in values.items() if value}


def answer(check_id: str, query: dict[str, str], result: RowResult) -> dict[str, Any]:
    """The `POST /v1/checks` answer body."""
    return {
        "check_id": check_id,
        "outcome": result.outcome,
        "query": query,
        "candidates": [m.as_dict() for m in result.matches],
    }


def _audit_summary(result: RowResult, version: int) -> dict[str, Any]:
    """What the audit trail keeps of an answer: outcome, whom it pointed at, which cases."""
    return {
        "outcome": result.outcome,
        "registry_version": version,
        "persons": [m.person_id for m in result.matches],
        "cases": sorted({a["case_number"] for m in result.matches for a in m.allegations}),
    }


def run_check(
    session: Session,
    settings: Settings,
    principal_sub: str,
    principal_org: str,
    fields: Mapping[str, Any],
) -> dict[str, Any]:
    """Vet one candidate; stores a VettingCheck and an audit entry, then commits."""
    query = parsed_query(fields)
    batch = retrieve_one(session, query)
    (result,) = answer_batch(session, Request(settings, principal_org), batch)
    check_id, version = str(uuid.uuid4()), batch.registry_version
    body = answer(check_id, query, result)
    stored = {
        "uid": check_id,
        "requested_by": principal_sub,
        "requested_org": principal_org,
        "query": query,
        "outcome": result.outcome,
        "response": body,
        "registry_version": version,
    }
    # A statement, not the unit of work (see append_audit); requested_at is the column default.
    session.connection().execute(insert(VettingCheck), stored)
    append_audit(
        session,
        actor_sub=principal_sub,
        actor_org=principal_org,
        action=ACTION_CHECK,
        target=check_id,
        request=query,
        response=_audit_summary(result, version),
    )
    session.commit()
    return body
