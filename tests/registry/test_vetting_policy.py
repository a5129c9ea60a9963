"""The outcome policy, one test per rule (pure: no database)."""

from __future__ import annotations

import pytest

from registry.vetting.policy import CandidateFacts, Policy, candidate_outcome, worst

TRUSTED = CandidateFacts("link", hit_allegation=True, query_trusted=True, allegation_tied=True)


def facts(**changes: object) -> CandidateFacts:
    values = {**TRUSTED.__dict__, **changes}
    return CandidateFacts(**values)  # type: ignore[arg-type]


def test_link_with_hit_allegation_and_trusted_chain_is_a_hit() -> None:
    assert candidate_outcome(TRUSTED) == "hit"


def test_link_without_strong_identifier_or_confirmation_needs_review() -> None:
    assert candidate_outcome(facts(query_trusted=False)) == "review"


def test_link_whose_record_is_not_firmly_tied_to_the_subject_needs_review() -> None:
    assert candidate_outcome(facts(allegation_tied=False)) == "review"


def test_without_required_confirmation_a_link_with_allegation_is_a_hit() -> None:
    lax = Policy(require_confirmation_for_hit=False)
    assert candidate_outcome(facts(query_trusted=False, allegation_tied=False), lax) == "hit"


def test_review_band_is_review_with_or_without_allegation() -> None:
    assert candidate_outcome(facts(band="review")) == "review"
    assert candidate_outcome(facts(band="review", hit_allegation=False)) == "review"


def test_link_without_hit_allegation_is_clear() -> None:
    assert candidate_outcome(facts(hit_allegation=False)) == "clear"


def test_below_review_threshold_is_clear() -> None:
    assert candidate_outcome(facts(band="")) == "clear"


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [([], "clear"), (["clear", "review"], "review"), (["review", "hit", "clear"], "hit")],
)
def test_the_worst_candidate_decides(outcomes: list[str], expected: str) -> None:
    assert worst(outcomes) == expected
