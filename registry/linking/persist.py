"""Writing a linkage result: persons, record links and match candidates."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from linkage import columns as c
from registry.frames import ORG, PK
from registry.models import MatchCandidate, Organisation, Person, RecordLink, ReviewDecision
from registry.review import priority_of

BATCH = 5_000


def _batches(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def ensure_persons(session: Session, uids: set[str]) -> dict[str, int]:
    """Person.id for every uid, creating the missing persons."""
    known = {uid: pid for uid, pid in session.execute(select(Person.uid, Person.id)) if uid in uids}
    missing = [{"uid": uid} for uid in sorted(uids - set(known))]
    for batch in _batches(missing):
        session.execute(insert(Person), batch)
    if missing:
        known.update(
            {uid: pid for uid, pid in session.execute(select(Person.uid, Person.id)) if uid in uids}
        )
    return known


def _org_ids(session: Session) -> dict[str, int]:
    return {code: oid for code, oid in session.execute(select(Organisation.code, Organisation.id))}


def write_links(
    session: Session, frame: pd.DataFrame, clusters: pd.DataFrame, model_version: str
) -> int:
    """Point every record at its cluster's person; returns how many links changed."""
    persons = ensure_persons(session, set(clusters[c.CLUSTER_ID].astype(str)))
    sizes = clusters[c.CLUSTER_ID].map(clusters[c.CLUSTER_ID].value_counts())
    orgs = _org_ids(session)
    existing = {
        (oid, rid): (lid, pid, method)
        for lid, oid, rid, pid, method in session.execute(
            select(
                RecordLink.id,
                RecordLink.organisation_id,
                RecordLink.record_id,
                RecordLink.person_id,
                RecordLink.method,
            )
        )
    }
    inserts, updates = [], []
    record_ids = frame[c.RECORD_ID].astype(str).str.partition(":")[2]
    for org, rid, uid, size in zip(
        frame[ORG], record_ids, clusters[c.CLUSTER_ID], sizes, strict=True
    ):
        key, person_id = (orgs[org], rid), persons[str(uid)]
        method = "singleton" if size == 1 else "auto"
        old = existing.get(key)
        if old is None:
            inserts.append(
                {
                    "organisation_id": key[0],
                    "record_id": rid,
                    "person_id": person_id,
                    "method": method,
                    "model_version": model_version,
                }
            )
        elif old[1] != person_id or (old[2] != method and old[2] != "analyst"):
            keep = old[2] if old[2] == "analyst" and old[1] == person_id else method
            updates.append(
                {
                    "id": old[0],
                    "person_id": person_id,
                    "method": keep,
                    "model_version": model_version,
                }
            )
    # A record withdrawn since the last run no longer belongs to anyone: its link goes,
    # its versions and history stay in the personnel table.
    current = set(zip(frame[ORG].map(orgs), record_ids, strict=True))
    stale = [lid for key, (lid, _, _) in existing.items() if key not in current]
    for batch in _batches(inserts):
        session.execute(insert(RecordLink), batch)
    for batch in _batches(updates):
        session.execute(update(RecordLink), batch)
    for start in range(0, len(stale), 1000):
        session.execute(delete(RecordLink).where(RecordLink.id.in_(stale[start : start + 1000])))
    return len(inserts) + len(updates) + len(stale)


def _candidate_rows(
    frame: pd.DataFrame,
    pairs: pd.DataFrame,
    explained: list[list[dict[str, Any]]],
    touches: list[bool],
    link_threshold: float,
) -> dict[tuple[int, int], dict[str, Any]]:
    """Column values per (left pk, right pk), the explanation turned round where pks swap."""
    pks = frame[PK].to_numpy()
    scores = pairs[c.SCORE].to_numpy(dtype=float)
    weights = pairs[c.WEIGHT].to_numpy(dtype=float)
    bands = pairs[c.BAND].astype(str).tolist()
    name, _, version = str(pairs["model"].iat[0]).partition("@") if len(pairs) else ("", "", "")
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for i, (lpos, rpos) in enumerate(zip(pairs[c.LEFT], pairs[c.RIGHT], strict=True)):
        a, b = int(pks[lpos]), int(pks[rpos])
        explanation = explained[i]
        if a > b:
            a, b = b, a
            explanation = [{**e, "left": e["right"], "right": e["left"]} for e in explanation]
        rows[(a, b)] = {
            "score": scores[i],
            "match_weight": weights[i],
            "band": bands[i],
            "explanation": explanation,
            "model_name": name,
            "model_version": version,
            "involves_allegation": touches[i],
            "priority": priority_of(scores[i], touches[i], link_threshold),
        }
    return rows


def write_candidates(
    session: Session,
    frame: pd.DataFrame,
    pairs: pd.DataFrame,
    explained: list[list[dict[str, Any]]],
    *,
    touches: list[bool],
    link_threshold: float,
) -> int:
    """Upsert the scored pairs as match candidates; drop undecided ones no longer scored."""
    rows = _candidate_rows(frame, pairs, explained, touches, link_threshold)
    decided = set(session.scalars(select(ReviewDecision.candidate_id).distinct()))
    existing = {
        (a, b): (cid, status)
        for cid, a, b, status in session.execute(
            select(
                MatchCandidate.id,
                MatchCandidate.left_record_id,
                MatchCandidate.right_record_id,
                MatchCandidate.status,
            )
        )
    }
    inserts = [
        {"left_record_id": a, "right_record_id": b, "status": "pending", **values}
        for (a, b), values in rows.items()
        if (a, b) not in existing
    ]
    updates = [
        {"id": existing[key][0], **values}
        for key, values in rows.items()
        if key in existing and existing[key][1] == "pending"
    ]
    stale = [
        cid
        for key, (cid, status) in existing.items()
        if key not in rows and status == "pending" and cid not in decided
    ]
    for batch in _batches(inserts):
        session.execute(insert(MatchCandidate), batch)
    for batch in _batches(updates):
        session.execute(update(MatchCandidate), batch)
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        session.execute(delete(MatchCandidate).where(MatchCandidate.id.in_(chunk)))
    return len(inserts) + len(updates)
