"""The outcome policy of DESIGN.md as one pure, configurable function per level.

A candidate record gives:

- `hit` when it is in the `link` band, its person has a live allegation whose
  status makes a hit (substantiated, reported, under investigation), and the chain
  from the query to that allegation is trustworthy: the query agrees with the
  candidate record on a strong identifier (passport, national id, or service number
  with nationality) or an analyst confirmed that link, *and* the candidate record is
  the allegation's subject record or is tied to it by a shared strong identifier or
  by links an analyst confirmed. Without such a chain it gives `review`: wrongly
  barring someone is a harm too. `require_confirmation_for_hit=False` drops the
  chain requirement.
- `review` when it is in the `review` band (whatever its person's allegations).
- `clear` otherwise: below the review threshold, or a `link` with no such allegation.

A query's outcome is the worst of its candidates' (`hit` > `review` > `clear`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CLEAR, REVIEW, HIT = "clear", "review", "hit"
OUTCOMES = (CLEAR, REVIEW, HIT)
LINK_BAND, REVIEW_BAND = "link", "review"


@dataclass(frozen=True)
class Policy:
    """The configurable part of the policy (Settings.require_confirmation_for_hit)."""

    require_confirmation_for_hit: bool = True


@dataclass(frozen=True)
class CandidateFacts:
    """What the policy looks at for one query × candidate record."""

    band: str  # "link" | "review" | ""
    hit_allegation: bool  # the person has a live allegation with a hit status
    query_trusted: bool  # strong identifier agrees with the query, or analyst-confirmed
    allegation_tied: bool  # the record is, or is firmly tied to, such an allegation's subject


def candidate_outcome(facts: CandidateFacts, policy: Policy = Policy()) -> str:
    """The outcome one candidate record gives."""
    if facts.band == LINK_BAND and facts.hit_allegation:
        trusted = facts.query_trusted and facts.allegation_tied
        return HIT if trusted or not policy.require_confirmation_for_hit else REVIEW
    if facts.band == REVIEW_BAND:
        return REVIEW
    return CLEAR


def worst(outcomes: Iterable[str]) -> str:
    """The most serious of `outcomes` (`clear` when there are none)."""
    return max(outcomes, key=OUTCOMES.index, default=CLEAR)
