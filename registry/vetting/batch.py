"""Vetting many query rows at once: retrieve, score, apply the policy, disclose.

A single check is a batch of one; a roster is cut into batches so that
normalisation, retrieval and scoring stay vectorised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd
from sqlalchemy.orm import Session

from linkage import Model, Thresholds, normalise_records
from linkage import columns as c
from registry.config import Settings
from registry.frames import ORG, PK
from registry.vetting import disclosure
from registry.vetting.candidates import (
    RECORD_PK,
    key_counts,
    load_candidates,
    own_links,
    retrieve,
)
from registry.vetting.frequencies import registry_tables
from registry.vetting.keys import KEY, POSITION, retrieval_keys
from registry.vetting.matching import (
    CANDIDATE,
    QUERY,
    STRONG_MATCH,
    active_model,
    explain_pair,
    score_queries,
)
from registry.vetting.policy import OUTCOMES, CandidateFacts, Policy, candidate_outcome, worst
from registry.vetting.trust import Trust

MAX_SHOWN = 5
PERSON_KEY = "person_key"


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


@dataclass
class _Scored:
    pairs: pd.DataFrame
    queries: pd.DataFrame
    candidates: pd.DataFrame
    model: Model


def vet_frame(session: Session, request: Request, raw: pd.DataFrame) -> list[RowResult]:
    """Results for every row of `raw` (personnel columns as text), in order."""
    raw = raw.reset_index(drop=True).reindex(columns=list(c.PERSONNEL_COLUMNS)).fillna("")
    queries = normalise_records(raw)
    keys = retrieval_keys(queries)
    counts = key_counts(session, keys[KEY])
    found = retrieve(session, keys, counts=counts)
    data = load_candidates(session, found[RECORD_PK].tolist())
    records = data.records.reset_index(drop=True)
    candidates = normalise_records(records.drop(columns=[PK, ORG]))
    trust = Trust(request.org, data, candidates, own_links(session, request.org, raw[c.RECORD_ID]))
    scored = _score(session, request.settings, (queries, candidates), found, trust, counts)
    policy = Policy(request.settings.require_confirmation_for_hit)
    per_row: dict[int, list[Match]] = {}
    rows: list[dict[str, Any]] = raw.to_dict("records")  # type: ignore[assignment]
    for key, group in scored.pairs.groupby([QUERY, PERSON_KEY], sort=False):
        row, person = cast(tuple[int, str], key)
        query = rows[int(row)]
        if str(person) in request.skip.get(str(query[c.RECORD_ID]), set()):
            continue
        per_row.setdefault(int(row), []).append(_match(group, query, scored, trust, policy))
    return [_row_result(raw, i, per_row.get(i, [])) for i in range(len(raw))]


def _score(
    session: Session,
    settings: Settings,
    frames: tuple[pd.DataFrame, pd.DataFrame],
    found: pd.DataFrame,
    trust: Trust,
    counts: dict[str, int],
) -> _Scored:
    """Pairs at or above the review threshold, best first per query, with a person key."""
    queries, candidates = frames
    model = active_model(session)
    pairs = pd.DataFrame(
        {
            QUERY: found[POSITION].to_numpy(),
            CANDIDATE: found[RECORD_PK].map(trust.position).to_numpy(),
        }
    ).dropna()
    if pairs.empty:
        empty = pd.DataFrame(columns=[QUERY, CANDIDATE, PERSON_KEY, c.SCORE, c.BAND])
        return _Scored(empty, queries, candidates, model)
    thresholds = Thresholds(link=settings.link_threshold, review=settings.review_threshold)
    tables = registry_tables(session, queries, counts)
    scored = score_queries(queries, candidates, pairs.astype("int64"), model, thresholds, tables)
    scored = scored[scored[c.BAND].astype(str) != ""].copy()
    scored[PERSON_KEY] = [trust.person_uid(int(p)) or f"record:{int(p)}" for p in scored[CANDIDATE]]
    scored = scored.sort_values([QUERY, c.SCORE], ascending=[True, False], kind="stable")
    return _Scored(scored, queries, candidates, model)


def _facts(pair: pd.Series, query_record_id: str, trust: Trust) -> CandidateFacts:
    pos = int(pair[CANDIDATE])
    return CandidateFacts(
        band=str(pair[c.BAND]),
        hit_allegation=trust.has_allegation(pos),
        query_trusted=bool(pair[STRONG_MATCH]) or trust.confirmed(query_record_id, pos),
        allegation_tied=trust.tied(pos),
    )


def _match(
    group: pd.DataFrame, query: dict[str, Any], scored: _Scored, trust: Trust, policy: Policy
) -> Match:
    """The person's best record, with the most serious outcome any of its records gives."""
    rid = str(query[c.RECORD_ID])
    outcome = worst(
        candidate_outcome(_facts(pair, rid, trust), policy) for _, pair in group.iterrows()
    )
    best = group.iloc[0]
    pos, own = int(best[CANDIDATE]), trust.owns(int(best[CANDIDATE]))
    explained = explain_pair(
        best, scored.model, scored.queries.iloc[int(best[QUERY])], scored.candidates.iloc[pos]
    )
    record = trust.records.iloc[pos]
    return Match(
        person_id=trust.person_uid(pos),
        record_id=str(record[c.RECORD_ID]).partition(":")[2] if own else None,
        score=round(float(best[c.SCORE]), 4),
        band=str(best[c.BAND]),
        outcome=outcome,
        matched_on=disclosure.matched_on(explained, query, _fields(record), own),
        allegations=disclosure.allegations(trust.allegations_of(pos)),
    )


def _fields(record: pd.Series) -> dict[str, Any]:
    return {str(k): v for k, v in record.items()}


def _row_result(raw: pd.DataFrame, i: int, matches: list[Match]) -> RowResult:
    """Most serious first (a hit is never cut off), then by score; at most MAX_SHOWN."""
    ranked = sorted(matches, key=lambda m: (-OUTCOMES.index(m.outcome), -m.score))
    return RowResult(
        str(raw.at[i, c.RECORD_ID]), worst(m.outcome for m in ranked), ranked[:MAX_SHOWN]
    )
