"""Analyst review: the queue, the pair page's data, decisions and the four-eyes rule."""

from registry.clusters import ClusterChange, apply_decision, decision_constraints
from registry.review.alerts import acknowledge_alert, open_alert_count, open_alerts
from registry.review.decisions import (
    DECISIONS,
    HIT_STATUSES,
    DecisionOutcome,
    decision_history,
    makes_hit,
    record_decision,
    standing_decision,
)
from registry.review.pairs import AllegationSummary, PairView, Side, pair_view
from registry.review.queue import (
    BANDS,
    OPEN_STATUSES,
    SCRIPT_RANGES,
    STATUSES,
    QueueFilters,
    QueuePage,
    QueueRow,
    neighbours,
    priority_of,
    queue_ids,
    queue_page,
    score_histogram,
    status_counts,
)

__all__ = [
    "BANDS",
    "DECISIONS",
    "HIT_STATUSES",
    "OPEN_STATUSES",
    "SCRIPT_RANGES",
    "STATUSES",
    "AllegationSummary",
    "ClusterChange",
    "DecisionOutcome",
    "PairView",
    "QueueFilters",
    "QueuePage",
    "QueueRow",
    "Side",
    "acknowledge_alert",
    "apply_decision",
    "decision_constraints",
    "decision_history",
    "makes_hit",
    "neighbours",
    "open_alert_count",
    "open_alerts",
    "pair_view",
    "priority_of",
    "queue_ids",
    "queue_page",
    "record_decision",
    "score_histogram",
    "standing_decision",
    "status_counts",
]
