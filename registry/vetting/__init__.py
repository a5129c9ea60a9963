"""Vetting: single checks and roster screenings against the registry."""

from registry.vetting.batch import Match, Request, RowResult, vet_frame
from registry.vetting.checks import registry_version, run_check
from registry.vetting.keys import index_records, retrieval_keys
from registry.vetting.policy import CandidateFacts, Policy, candidate_outcome, worst

__all__ = [
    "CandidateFacts",
    "Match",
    "Policy",
    "Request",
    "RowResult",
    "candidate_outcome",
    "index_records",
    "registry_version",
    "retrieval_keys",
    "run_check",
    "vet_frame",
    "worst",
]
