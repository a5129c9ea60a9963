"""Vetting query rows: retrieve, score, apply the policy, disclose.

A single check (`vet_one`) runs the steps on its one row's plain values; a roster is
cut into batches (`vet_frame`) so that normalisation and large scoring runs stay
vectorised. Both answer a row alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from linkage import Model, Thresholds, normalised_row
from linkage import columns as c
from registry.config import Settings
from registry.frames import ORG, PK
from registry.linking.model_store import active_model
from registry.vetting import disclosure, key_index, resident
from registry.vetting.candidates import Record, StoredForm, load_candidates, records_frame
from registry.vetting.frequencies import registry_tables
from registry.vetting.keys import row_keys
from registry.vetting.matching import (
    ROW_WISE_MAX_PAIRS,
    ScoredPair,
    explain_pair,
    query_records,
    score_queries,
    score_row_wise,
)
from registry.vetting.normalised import (
    Values,
    as_record,
    candidate_rows,
    decode_stored,
    normalise_queries,
    rows_frame,
)
from registry.vetting.policy import OUTCOMES, CandidateFacts, Policy, candidate_outcome, worst
from registry.vetting.pool import CandidatePool, candidate_pool
from registry.vetting.requester import own_links
from registry.vetting.retrieval import Ranked, key_counts, retrieve
from registry.vetting.trust import Trust

MAX_SHOWN = 5
MODEL_MAX_AGE_SECONDS = 5.0  # a newly activated model reaches checks within this time


@dataclass(frozen=True)
class Match:
    """One candidate person for one query row, as disclosed."""

    person_id: str | None
    record_id: str | None  # the registry record id, only when the requester owns it
    score: float
    band: str
    outcome: str
    matched_on: list[dict[str, Any]]
    allegations: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        """The candidate in the `POST /v1/checks` answer shape."""
        return {
            "person_id": self.person_id,
            "score": self.score,
            "band": self.band,
            "matched_on": self.matched_on,
            "allegations": self.allegations,
        }


@dataclass(frozen=True)
class RowResult:
    """The answer for one query row: its outcome and at most MAX_SHOWN candidates."""

    record_id: str
    outcome: str
    matches: list[Match] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    """Who asks, under which settings, and which persons to leave out per query record id."""

    settings: Settings
    org: str
    skip: Mapping[str, set[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Scored:
    pairs: list[ScoredPair]  # best first per query row; candidates as Trust positions
    persons: list[str]  # per pair: the candidate's person uid, or its record's key
    queries: list[dict[str, Any]]  # normalised values per query row
    candidates: list[dict[str, Any]]  # normalised values per candidate position
    model: Model


@dataclass(frozen=True)
class Retrieved:
    """A batch's query rows with their candidates, retrieved but not yet scored."""

    raw: list[dict[str, str]]  # personnel columns as text, per query row
    queries: list[dict[str, Any]]  # their normalised values
    frame: pd.DataFrame | None  # the normalised rows as a frame, when normalised as one
    counts: dict[str, int]  # registry bucket size of each query key
    found: list[Ranked]  # (position, record_pk, rank) of the retrieved records
    pool: CandidatePool
    registry_version: int  # the registry's latest submission id when they were retrieved


def retrieve_batch(session: Session, raw: pd.DataFrame) -> Retrieved:
    """Normalise the query rows and retrieve their candidates' stored forms: the part of
    vetting that is mostly the database's work."""
    raw = raw.reset_index(drop=True).reindex(columns=list(c.PERSONNEL_COLUMNS)).fillna("")
    queries = normalise_queries(raw)
    return _retrieve(session, query_records(raw), query_records(queries), queries)


def retrieve_one(session: Session, fields: Mapping[str, str]) -> Retrieved:
    """retrieve_batch for a single query row (one check), with no frames."""
    raw = {name: str(fields.get(name) or "") for name in c.PERSONNEL_COLUMNS}
    return _retrieve(session, [raw], [normalised_row(raw)], None)


def _retrieve(
    session: Session,
    raw: list[dict[str, str]],
    queries: list[dict[str, Any]],
    frame: pd.DataFrame | None,
) -> Retrieved:
    state = resident.follow(session)
    keys = row_keys(queries)
    # One row (a check) is answered from the keys in memory when this process keeps them.
    answered = key_index.answer(session, state.key_changes, keys) if len(raw) == 1 else None
    if answered is None:
        counts = key_counts(session, [key for _, key in keys])
        found = retrieve(session, keys, counts=counts)
    else:
        counts, found = answered
    # Few enough pairs are scored row by row (_score), from the candidates kept prepared.
    whole = len(found) > ROW_WISE_MAX_PAIRS
    pool = candidate_pool(session, [pk for _, pk, _ in found], whole=whole)
    return Retrieved(raw, queries, frame, counts, found, pool, state.version)


def vet_frame(session: Session, request: Request, raw: pd.DataFrame) -> list[RowResult]:
    """Results for every row of `raw` (personnel columns as text), in order."""
    return answer_batch(session, request, retrieve_batch(session, raw))


def vet_one(session: Session, request: Request, fields: Mapping[str, str]) -> RowResult:
    """The result for one query row (personnel fields as text)."""
    (result,) = answer_batch(session, request, retrieve_one(session, fields))
    return result


def answer_batch(session: Session, request: Request, batch: Retrieved) -> list[RowResult]:
    """Score a retrieved batch, apply the policy and disclose.

    Candidates are scored from their normalised forms alone; the records, persons and
    allegations the policy and the answer need are loaded only for those at or above
    the review threshold, and only while they are live and current.
    """
    model = active_model(session, max_age=MODEL_MAX_AGE_SECONDS)
    pairs = _score(session, request.settings, batch, model)
    scored_pks = [batch.pool.pks[pair.candidate] for pair in pairs]
    data = load_candidates(session, scored_pks)
    normalised = [as_record(row) for row in _candidate_values(data.records, data.forms, batch.pool)]
    own = own_links(session, request.org, [row[c.RECORD_ID] for row in batch.raw])
    trust = Trust(request.org, data, normalised, own)
    on_trust, persons = _on_trust(pairs, scored_pks, trust)
    scored = _Scored(on_trust, persons, batch.queries, normalised, model)
    policy = Policy(request.settings.require_confirmation_for_hit)
    ranked = _ranked(scored, batch.raw, request, trust, policy)
    results = []
    for i, row in enumerate(batch.raw):
        shown = ranked.get(i, [])[:MAX_SHOWN]
        matches = [_match(j, outcome, row, scored, trust) for outcome, j in shown]
        outcome = shown[0][0] if shown else worst([])
        results.append(RowResult(str(row[c.RECORD_ID]), outcome, matches))
    return results


def _candidate_values(
    records: list[Record], forms: list[StoredForm | None], pool: CandidatePool
) -> list[Values]:
    """The normalised values of each loaded record: the pool's, decoded when the record
    was retrieved, where it has them; the others (candidates kept prepared, allegation
    subjects the retrieval did not bring) from their stored forms, or normalised afresh."""
    at = [pool.position.get(int(record[PK])) for record in records]
    found = [
        decode_stored(form) if i is None or pool.decoded[i] is None else pool.decoded[i]
        for i, form in zip(at, forms, strict=True)
    ]
    missing = [i for i, values in enumerate(found) if values is None]
    fresh = iter(
        candidate_rows(
            records_frame([records[i] for i in missing]).drop(columns=[PK, ORG]),
            [forms[i] for i in missing],
        )
        if missing
        else []
    )
    return [values if values is not None else next(fresh) for values in found]


def _ranked(
    scored: _Scored,
    rows: Sequence[Mapping[str, str]],
    request: Request,
    trust: Trust,
    policy: Policy,
) -> dict[int, list[tuple[str, int]]]:
    """Per query row: (outcome, best pair) of each candidate person, most serious first.

    A person's outcome is the most serious any of its records gives; a hit is never
    cut off by the MAX_SHOWN limit, then higher scores come first.
    """
    pairs = scored.pairs
    groups: dict[tuple[int, str], list[int]] = {}
    for i, (pair, person) in enumerate(zip(pairs, scored.persons, strict=True)):
        groups.setdefault((pair.query, person), []).append(i)  # best first per query row
    ranked: dict[int, list[tuple[str, int]]] = {}
    for (row, who), members in groups.items():
        rid = str(rows[row][c.RECORD_ID])
        if who in request.skip.get(rid, set()):
            continue
        facts = (_facts(pairs[i], rid, trust) for i in members)
        outcome = worst(candidate_outcome(f, policy) for f in facts)
        ranked.setdefault(row, []).append((outcome, members[0]))
    for found in ranked.values():
        found.sort(key=lambda item: (-OUTCOMES.index(item[0]), -pairs[item[1]].score.score))
    return ranked


def _score(
    session: Session, settings: Settings, batch: Retrieved, model: Model
) -> list[ScoredPair]:
    """(query, pool position) pairs at or above the review threshold, best first per query."""
    at = batch.pool.position
    pairs = [(q, at[pk]) for q, pk, _ in batch.found if pk in at]
    if not pairs:
        return []
    thresholds = Thresholds(link=settings.link_threshold, review=settings.review_threshold)
    tables = registry_tables(session, batch.queries, batch.counts)
    if len(pairs) <= ROW_WISE_MAX_PAIRS:
        prepared = batch.pool.prepared()
        return score_row_wise(batch.queries, prepared, pairs, model, thresholds, tables)
    frame = batch.frame
    if frame is None:
        frame = normalise_queries(pd.DataFrame(batch.raw, columns=list(c.PERSONNEL_COLUMNS)))
    candidates = rows_frame([str(pk) for pk in batch.pool.pks], batch.pool.values)
    return score_queries(frame, candidates, pairs, model, thresholds, tables)


def _on_trust(
    pairs: list[ScoredPair], pks: list[int], trust: Trust
) -> tuple[list[ScoredPair], list[str]]:
    """Scored pairs with candidates as Trust positions, and each one's person key; pairs
    whose record `load_candidates` did not keep (withdrawn or superseded) are left out."""
    kept, persons = [], []
    for pair, pk in zip(pairs, pks, strict=True):
        position = trust.position.get(pk)
        if position is not None:
            kept.append(pair._replace(candidate=position))
            persons.append(trust.person_uid(position) or f"record:{position}")
    return kept, persons


def _facts(pair: ScoredPair, query_record_id: str, trust: Trust) -> CandidateFacts:
    pos = pair.candidate
    return CandidateFacts(
        band=pair.score.band,
        hit_allegation=trust.has_allegation(pos),
        query_trusted=pair.strong or trust.confirmed(query_record_id, pos),
        allegation_tied=trust.tied(pos),
    )


def _match(j: int, outcome: str, query: Mapping[str, str], scored: _Scored, trust: Trust) -> Match:
    """A candidate person as disclosed: its best record's score and explanation, its cases."""
    best = scored.pairs[j]
    pos = best.candidate
    own = trust.owns(pos)
    explained = explain_pair(
        best.score, scored.model, scored.queries[best.query], scored.candidates[pos]
    )
    record = trust.records[pos]
    return Match(
        person_id=trust.person_uid(pos),
        record_id=str(record[c.RECORD_ID]).partition(":")[2] if own else None,
        score=round(float(best.score.score), 4),
        band=best.score.band,
        outcome=outcome,
        matched_on=disclosure.matched_on(explained, query, record, own),
        allegations=disclosure.allegations(trust.allegations_of(pos)),
    )
