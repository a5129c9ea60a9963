"""Record-linkage engine: normalise -> block -> compare -> score -> cluster.

Pure pandas/numpy: frames in, frames out, no I/O. The names below are the
public API; everything else is internal.
"""

from linkage.blocking import DEFAULT_RULES, Blocking, BlockingRule, candidate_pairs
from linkage.clustering import Clustering, ConstraintConflict, cluster_pairs
from linkage.estimate import (
    estimate_from_labels,
    estimate_u,
    expectation_maximisation,
    train_model,
)
from linkage.evaluation import (
    bcubed,
    blocking_metrics,
    cluster_pair_metrics,
    evaluate_linkage,
    pairwise_metrics,
)
from linkage.features import Prepared, prepare_records
from linkage.frequency import FrequencyTable, frequency_table
from linkage.identity import assign_cluster_ids
from linkage.incremental import link_incremental
from linkage.model import DEFAULT_MODEL, Feature, Level, Model
from linkage.normalise import (
    NORMALISED_FORM_VERSION,
    normalise_one,
    normalise_records,
    normalised_row,
)
from linkage.pairwise import PairScore, PreparedRecord, prepare_one, score_against
from linkage.pipeline import (
    DEFAULT_CONFIG,
    LinkConfig,
    LinkResult,
    decision_pairs,
    link_normalised,
    link_records,
)
from linkage.scoring import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    band,
    compare_pairs,
    frequency_tables,
    level_column,
    score_compared,
    score_pairs,
    weight_column,
)
from linkage.serial import serial_offenders

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_MODEL",
    "DEFAULT_RULES",
    "DEFAULT_THRESHOLDS",
    "Blocking",
    "BlockingRule",
    "Clustering",
    "ConstraintConflict",
    "Feature",
    "FrequencyTable",
    "Level",
    "LinkConfig",
    "LinkResult",
    "Model",
    "PairScore",
    "Prepared",
    "PreparedRecord",
    "Thresholds",
    "assign_cluster_ids",
    "band",
    "bcubed",
    "blocking_metrics",
    "candidate_pairs",
    "cluster_pair_metrics",
    "cluster_pairs",
    "compare_pairs",
    "decision_pairs",
    "estimate_from_labels",
    "estimate_u",
    "evaluate_linkage",
    "expectation_maximisation",
    "frequency_table",
    "frequency_tables",
    "level_column",
    "link_incremental",
    "link_normalised",
    "link_records",
    "NORMALISED_FORM_VERSION",
    "normalise_one",
    "normalised_row",
    "normalise_records",
    "pairwise_metrics",
    "prepare_one",
    "prepare_records",
    "score_against",
    "score_compared",
    "score_pairs",
    "serial_offenders",
    "train_model",
    "weight_column",
]
