"""Linking the registry: the whole set of current records into persons, after each submission."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from linkage import (
    NORMALISED_FORM_VERSION,
    LinkConfig,
    Thresholds,
    link_normalised,
    normalise_records,
)
from linkage import columns as c
from linkage.parallel import default_workers
from linkage.pipeline import DECISION, MATCH, NON_MATCH, RECORD_ID_L, RECORD_ID_R
from registry.clusters import decision_constraints
from registry.config import Settings
from registry.db import session_factory
from registry.frames import ORG, PK, current_personnel_frame, engine_id
from registry.intake.queries import changed_personnel_ids
from registry.jobs import JobContext, register_handler
from registry.linking.alerts import allegations_frame, write_alerts
from registry.linking.explain import explanations
from registry.linking.model_store import active_model, store_model, versioned
from registry.linking.persist import ensure_persons, write_candidates, write_links
from registry.models import Organisation, PersonnelRecord, RecordForm, RecordLink
from registry.models.persons import Person

log = logging.getLogger(__name__)

# EM needs many records to separate matches from non-matches; below this the stored
# (or hand-set) model is used as is.
MIN_RECORDS_TO_TRAIN = 50_000


def _previous_persons(session: Session) -> pd.Series:
    """Engine id -> person uid of every linked record."""
    rows = session.execute(
        select(Organisation.code, RecordLink.record_id, Person.uid)
        .join(Organisation, Organisation.id == RecordLink.organisation_id)
        .join(Person, Person.id == RecordLink.person_id)
    ).all()
    return pd.Series({engine_id(org, rid): uid for org, rid, uid in rows}, dtype=object)


def _decisions(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """Analysts' standing decisions as engine-id pairs (must-links and cannot-links)."""
    must, cannot = decision_constraints(session)
    by_pk = pd.Series(frame[c.RECORD_ID].to_numpy(), index=frame[PK].to_numpy())
    rows = [
        (by_pk.get(a), by_pk.get(b), label)
        for pairs, label in ((must, MATCH), (cannot, NON_MATCH))
        for a, b in pairs
    ]
    return pd.DataFrame(
        [r for r in rows if r[0] is not None and r[1] is not None],
        columns=[RECORD_ID_L, RECORD_ID_R, DECISION],
    )


def _may_fork() -> bool:
    """Whether this process may fork workers: only when this is its only thread (a
    command, or a job in the Redis worker's forked work horse). A job run on a thread
    of the API's process may not: a child forked there could inherit a lock another
    thread holds, and hang on it."""
    return threading.active_count() == 1


def relink_registry(
    session: Session,
    settings: Settings,
    context: JobContext | None = None,
    *,
    reindex: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Link every current record; write persons, links, candidates and alerts (no commit).

    Vetting retrieval keys depend on a record alone, so after a submission only its
    records (`reindex`) need new keys; None re-indexes every current record. Records
    indexed by an engine that normalised differently are re-indexed too: their keys
    would no longer meet the keys of a query normalised by this one.
    """
    frame = current_personnel_frame(session)
    if frame.empty:
        # Everything withdrawn: no record belongs to anyone any more.
        session.execute(delete(RecordLink))
        return {"records": 0}
    raw = frame.drop(columns=[PK, ORG])
    workers = default_workers()
    normalised = normalise_records(raw, workers=workers if _may_fork() else 1)
    config = LinkConfig(
        thresholds=Thresholds(link=settings.link_threshold, review=settings.review_threshold),
        train=len(frame) >= MIN_RECORDS_TO_TRAIN,
        workers=workers,  # threads (blocking, comparing, training): safe in any process
    )
    result = link_normalised(
        normalised,
        model=active_model(session),
        config=config,
        decisions=_decisions(session, frame),
        previous=_previous_persons(session),
        progress=(lambda stage: context.progress(0, 1, force=True)) if context else None,
    )
    model = versioned(result.model)
    if config.train:
        store_model(session, model)
    changed = write_links(session, frame, result.clusters, model.version)
    persons = ensure_persons(session, set(result.clusters[c.CLUSTER_ID].astype(str)))
    allegations = allegations_frame(session)
    accused = _clusters_with_allegations(result.clusters, allegations)
    pairs = result.pairs
    cluster_of = result.clusters[c.CLUSTER_ID].astype(str).to_numpy()
    touches = [
        cluster_of[a] in accused or cluster_of[b] in accused
        for a, b in zip(pairs[c.LEFT], pairs[c.RIGHT], strict=True)
    ]
    candidates = write_candidates(
        session,
        frame,
        pairs,
        explanations(raw, pairs, model),
        touches=touches,
        link_threshold=settings.link_threshold,
    )
    serial = write_alerts(session, result.clusters, allegations, persons)
    everyone = [int(pk) for pk in frame[PK]]
    wanted = everyone if reindex is None else sorted(set(reindex) | set(stale_index(session)))
    _index(session, wanted, (frame, normalised))
    return {
        **result.report,
        "links_changed": changed,
        "candidates_written": candidates,
        "serial_offenders": serial,
    }


def _clusters_with_allegations(clusters: pd.DataFrame, allegations: pd.DataFrame) -> set[str]:
    person = clusters.set_index(c.RECORD_ID)[c.CLUSTER_ID].astype(str)
    return set(allegations[c.SUBJECT_RECORD_ID].map(person).dropna())


def stale_index(session: Session) -> list[int]:
    """Current records without a stored form of this engine's NORMALISED_FORM_VERSION."""
    form = RecordForm.personnel_record_id == PersonnelRecord.id
    query = (
        select(PersonnelRecord.id)
        .outerjoin(RecordForm, form)
        .where(PersonnelRecord.is_current.is_(True), PersonnelRecord.withdrawn_at.is_(None))
        .where(or_(RecordForm.version.is_(None), RecordForm.version != NORMALISED_FORM_VERSION))
    )
    return [int(pk) for pk in session.scalars(query)]


def _index(
    session: Session, record_pks: Sequence[int], current: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """Refresh the vetting retrieval keys of these personnel records, from the current
    records and their normalised frame the linking run already has."""
    from registry.vetting.keys import index_records

    index_records(session, record_pks, current)


@register_handler("link", exclusive=True)  # two relinks at once collide on persons
def link_job(context: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Job: re-link the registry after a submission."""
    from registry.config import load_settings

    settings = load_settings().with_overrides({"database_url": context.database_url})
    with session_factory(context.database_url)() as session:
        submission = payload.get("submission_id")
        changed = None if submission is None else changed_personnel_ids(session, int(submission))
        summary = relink_registry(session, settings, context, reindex=changed)
        session.commit()
    log.info("linked %s records", summary.get("records"))
    return {
        k: v
        for k, v in summary.items()
        if k in {"records", "pairs", "clusters", "links_changed", "serial_offenders", "timings"}
    }
