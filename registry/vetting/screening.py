"""Screening a roster: in vectorised batches, as a background job or from the command line."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from linkage import columns as c
from linkage.forked import map_split_beside
from registry.audit import ACTION_SCREENING, append_audit
from registry.config import Settings
from registry.db import session_factory
from registry.errors import NotFound
from registry.jobs import JobContext, create_job, register_handler
from registry.models import Job, Screening, ScreeningResult
from registry.vetting.batch import (
    Request,
    Retrieved,
    RowResult,
    answer_batch,
    retrieve_batch,
    vet_frame,
)
from registry.vetting.checks import registry_version
from registry.vetting.collector import fewer_full_collections
from registry.vetting.requester import cleared_persons

log = logging.getLogger(__name__)

JOB_KIND = "screening"
BATCH_ROWS = 500
INSERT_BATCH = 5_000
RESULT_COLUMNS = ("roster_record_id", "person_id", "record_id", "score", "band", "outcome")
Progress = Callable[[int, int], None]


def screen_roster(
    session: Session,
    settings: Settings,
    org: str,
    roster: pd.DataFrame,
    *,
    skip_cleared: bool = False,
    progress: Progress | None = None,
    workers: int = 1,
) -> list[RowResult]:
    """Vet every roster row, BATCH_ROWS at a time; persons an analyst cleared are skipped.

    With `workers` > 1 the batches are shared among forked processes (see _forked);
    only a caller that knows it runs no other threads may ask for that.
    """
    ids = roster[c.RECORD_ID].astype(str).tolist()
    skip = cleared_persons(session, org, ids) if skip_cleared else {}
    request = Request(settings, org, skip)
    starts = range(0, len(roster), BATCH_ROWS)
    batches = [roster.iloc[start : start + BATCH_ROWS] for start in starts]
    bind = session.get_bind()
    with fewer_full_collections():
        if workers > 1 and len(batches) > 1 and isinstance(bind, Engine):
            return _forked(session, bind, request, batches, workers, progress)
        results: list[RowResult] = []
        for answered in _answered(session, request, batches):
            results += answered
            if progress is not None:
                progress(len(results), len(roster))
        return results


def _forked(
    session: Session,
    bind: Engine,
    request: Request,
    batches: list[pd.DataFrame],
    workers: int,
    progress: Progress | None,
) -> list[RowResult]:
    """The batches' results, in order, worked out by this process and forked children.

    A batch is about a third database work (retrieval) and two thirds Python (forms,
    scoring); threads cannot spread the Python over cores, processes can, and while one
    process waits for the database the other computes. This process answers the first
    share on the caller's session; a child answers its share on its own connections.
    """
    total = sum(len(batch) for batch in batches)
    others_done = multiprocessing.get_context("fork").Value("q", 0)  # children's rows
    parent, own_done = os.getpid(), 0

    def shown(rows: int) -> None:
        nonlocal own_done
        own_done += rows
        if progress is not None:
            progress(min(own_done + others_done.value, total), total)

    def counted(rows: int) -> None:
        with others_done.get_lock():
            others_done.value += rows

    def screen(share: Sequence[pd.DataFrame]) -> list[list[RowResult]]:
        if os.getpid() == parent:
            return _screened(session, request, share, shown)
        bind.dispose(close=False)  # the parent's pooled connections stay the parent's
        with Session(bind) as own:
            return _screened(own, request, share, counted)

    answered, _ = map_split_beside(screen, batches, workers, lambda: None, min_items=2)
    results = [row for rows in answered for row in rows]
    if progress is not None:
        progress(len(results), total)
    return results


def _screened(
    session: Session,
    request: Request,
    share: Sequence[pd.DataFrame],
    report: Callable[[int], None],
) -> list[list[RowResult]]:
    """Each batch of `share` answered in turn; `report` gets the batch's row count."""
    answered = []
    for batch in share:
        answered.append(vet_frame(session, request, batch))
        report(len(batch))
    return answered


def _answered(
    session: Session, request: Request, batches: list[pd.DataFrame]
) -> Iterator[list[RowResult]]:
    """Each batch's results, in order.

    On PostgreSQL the next batch's candidates are retrieved on a second connection
    while this batch is scored: retrieval is mostly the database's work and scoring
    mostly this process's, so on two cores they overlap. The second connection sees
    committed data only, as a screening job's does anyway.
    """
    bind = session.get_bind()
    if len(batches) < 2 or not isinstance(bind, Engine) or bind.dialect.name != "postgresql":
        for batch in batches:
            yield vet_frame(session, request, batch)
        return

    def retrieved(batch: pd.DataFrame) -> Retrieved:
        with Session(bind) as other:
            return retrieve_batch(other, batch)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="retrieval") as ahead:
        coming = ahead.submit(retrieved, batches[0])
        for i in range(len(batches)):
            current = coming.result()
            if i + 1 < len(batches):
                coming = ahead.submit(retrieved, batches[i + 1])
            yield answer_batch(session, request, current)


def result_rows(results: list[RowResult]) -> list[dict[str, Any]]:
    """One row per roster row and candidate (RESULT_COLUMNS); a row without any is `clear`."""
    rows = []
    for result in results:
        for match in result.matches:
            rows.append(
                dict(
                    zip(
                        RESULT_COLUMNS,
                        (
                            result.record_id,
                            match.person_id,
                            match.record_id,
                            match.score,
                            match.band,
                            match.outcome,
                        ),
                        strict=True,
                    )
                )
            )
        if not result.matches:
            rows.append(
                {
                    **dict.fromkeys(RESULT_COLUMNS),
                    "roster_record_id": result.record_id,
                    "outcome": "clear",
                }
            )
    return rows


def outcome_counts(results: list[RowResult]) -> dict[str, int]:
    """How many roster rows got each outcome."""
    return dict(sorted(Counter(r.outcome for r in results).items()))


def roster_digest(roster: pd.DataFrame) -> str:
    """SHA-256 of the roster as screened, for the audit trail."""
    text = roster.to_json(orient="records", force_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def start_screening(
    session: Session, *, requested_by: str, org: str, roster: pd.DataFrame, skip_cleared: bool
) -> Screening:
    """Queue a screening job (the caller commits, then dispatches `screening.job_id`'s uid)."""
    uid = str(uuid.uuid4())
    payload = {"screening": uid, "roster": roster.to_dict(orient="records")}
    job = create_job(session, JOB_KIND, payload, created_by=requested_by, organisation_code=org)
    screening = Screening(
        uid=uid,
        job_id=job.id,
        requested_by=requested_by,
        requested_org=org,
        roster_rows=len(roster),
        registry_version=registry_version(session),
        skip_cleared=skip_cleared,
    )
    session.add(screening)
    session.flush()
    return screening


def record_results(
    session: Session, screening: Screening, roster: pd.DataFrame, results: list[RowResult]
) -> dict[str, Any]:
    """Store the results and the audit entry a certificate is made from (no commit)."""
    rows = [
        {"screening_id": screening.id, "rank": rank, **_stored(row)}
        for rank, row in enumerate(result_rows(results))
    ]
    for start in range(0, len(rows), INSERT_BATCH):
        session.execute(insert(ScreeningResult), rows[start : start + INSERT_BATCH])
    summary = {
        "registry_version": registry_version(session),
        "rows": len(results),
        "outcomes": outcome_counts(results),
    }
    append_audit(
        session,
        actor_sub=screening.requested_by,
        actor_org=screening.requested_org,
        action=ACTION_SCREENING,
        target=screening.uid,
        request={
            "rows": len(roster),
            "roster_sha256": roster_digest(roster),
            "skip_cleared": screening.skip_cleared,
        },
        response=summary,
    )
    return summary


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "roster_record_id": row["roster_record_id"],
        "person_uid": row["person_id"],
        "record_id": row["record_id"],
        "score": row["score"],
        "band": row["band"],
        "outcome": row["outcome"],
    }


@register_handler(JOB_KIND)
def screening_job(context: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Job: screen the roster in the payload and store its results."""
    from registry.config import load_settings

    settings = load_settings().with_overrides({"database_url": context.database_url})
    roster = pd.DataFrame(payload["roster"], columns=list(c.PERSONNEL_COLUMNS)).fillna("")
    with session_factory(context.database_url)() as session:
        screening = get_screening(session, str(payload["screening"]))
        results = screen_roster(
            session,
            settings,
            screening.requested_org,
            roster,
            skip_cleared=screening.skip_cleared,
            progress=lambda done, total: context.progress(done, total),
        )
        summary = record_results(session, screening, roster, results)
        session.commit()
    context.progress(len(roster), len(roster), force=True)
    log.info("screened %d roster rows: %s", len(roster), json.dumps(summary["outcomes"]))
    return summary


def get_screening(session: Session, uid: str, org: str | None = None) -> Screening:
    """The screening `uid` (only when requested by `org`, if given)."""
    query = select(Screening).where(Screening.uid == uid)
    if org is not None:
        query = query.where(Screening.requested_org == org)
    screening = session.scalar(query)
    if screening is None:
        raise NotFound(f"no screening {uid!r} for your organisation")
    return screening


def screening_job_row(session: Session, screening: Screening) -> Job:
    """The job that runs the screening."""
    job = session.get(Job, screening.job_id)
    if job is None:
        raise NotFound(f"screening {screening.uid!r} has no job")
    return job


def stored_results(session: Session, screening: Screening) -> list[dict[str, Any]]:
    """The stored result rows (RESULT_COLUMNS), in their order."""
    query = (
        select(ScreeningResult)
        .where(ScreeningResult.screening_id == screening.id)
        .order_by(ScreeningResult.rank)
    )
    return [
        {
            "roster_record_id": r.roster_record_id,
            "person_id": r.person_uid,
            "record_id": r.record_id,
            "score": r.score,
            "band": r.band,
            "outcome": r.outcome,
        }
        for r in session.scalars(query)
    ]
